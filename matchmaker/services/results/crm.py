"""Member interactions (CRM): staff record each service, request, introduction and
opportunity per company."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Company, Interaction, InteractionKind, Role
from matchmaker.services import ServiceError, atomic
from matchmaker.services.platform.access import require_role, sees_everything
from matchmaker.services.results.rfqs import _money

KIND_LABELS = {
    InteractionKind.SERVICE: _l("Service"),
    InteractionKind.REQUEST: _l("Request"),
    InteractionKind.INTRODUCTION: _l("Introduction"),
    InteractionKind.OPPORTUNITY: _l("Opportunity"),
}


@atomic
def record_interaction(actor: Any, data: dict[str, Any]) -> Interaction:
    """Staff record an interaction with a member company."""
    require_role(actor, Role.ORGANISER)
    errors: list[tuple[str | None, str]] = []
    company_id = _id(data.get("company_id"))
    company = db.session.get(Company, company_id) if company_id is not None else None
    if company is None:
        errors.append(("company_id", _("Choose the company.")))
    kind = data.get("kind") or ""
    if kind not in {k.value for k in InteractionKind}:
        errors.append(("kind", _("Choose the kind of interaction.")))
    summary = (data.get("summary") or "").strip()
    if not summary:
        errors.append(("summary", _("Say briefly what happened.")))
    try:
        on = date.fromisoformat(str(data.get("on") or ""))
    except ValueError:
        errors.append(("on", _("Use a date such as 2027-03-31.")))
        on = date.today()
    counterpart_id = _id(data.get("counterpart_company_id"))
    if counterpart_id is not None and db.session.get(Company, counterpart_id) is None:
        errors.append(("counterpart_company_id", _("Choose the company.")))
    if errors:
        raise ServiceError(errors[0][1], errors[0][0], errors)
    value = _money(data["value_mxn"], "value_mxn") if data.get("value_mxn") else None
    row = Interaction(
        company_id=company.id,
        staff_id=actor.id,
        kind=kind,
        on=on,  # type: ignore[union-attr]
        summary=summary[:5000],
        counterpart_company_id=counterpart_id,
        value_mxn=value,
    )
    db.session.add(row)
    return row


def _id(raw: Any) -> int | None:
    try:
        return int(raw) if str(raw or "").strip() else None
    except ValueError:
        return None


def list_interactions(
    actor: Any, company_id: int | None = None, limit: int = 200
) -> list[tuple[Interaction, str]]:
    """The latest interactions (with the company's name); staff and managers only."""
    require_role(actor, Role.ORGANISER, Role.MANAGER)
    assert sees_everything(actor)
    q = (
        select(Interaction, Company.legal_name)
        .join(Company, Company.id == Interaction.company_id)
        .order_by(Interaction.on.desc(), Interaction.id.desc())
        .limit(limit)
    )
    if company_id is not None:
        q = q.where(Interaction.company_id == company_id)
    return [(i, n) for i, n in db.session.execute(q).all()]
