"""Meeting requests, scheduling and publishing pages."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from matchmaker.events import bp, forms
from matchmaker.events.views import _back, _done, _event, _refused
from matchmaker.models import Participant, ParticipantRole
from matchmaker.services import ServiceError
from matchmaker.services.events import access as event_access
from matchmaker.services.events import participants as parts
from matchmaker.services.events import requests as reqs
from matchmaker.services.events import schedule as sched
from matchmaker.services.events.agenda import names_of, reason_text
from matchmaker.services.events.notify import publish as publish_agendas
from matchmaker.services.events.proposals import buyers_for, ranking, render_reasons
from matchmaker.services.platform.access import require, sees_everything


@bp.route("/<int:event_id>/requests")
@login_required
def requests(event_id: int) -> str:
    """Buyers see the engine's proposals, suppliers the buyers; everyone their requests."""
    event = _event(event_id)
    me = event_access.my_participant(current_user, event)
    lang = str(current_user.language)
    proposals = []
    counterparts: list[tuple[Participant, float | None, list[str]]] = []
    if me is not None and me.status == "approved":
        if me.role == ParticipantRole.BUYER:
            ranked = ranking(event, me)
            by_id = {p.id: p for p in parts.approved(event, ParticipantRole.SUPPLIER)}
            proposals = [
                (by_id[x.participant_id], x.score, render_reasons(x.reasons, lang))
                for x in sorted(ranked.values(), key=lambda x: (-x.score, x.participant_id))
                if x.participant_id in by_id
            ]
        elif me.role == ParticipantRole.SUPPLIER:
            counterparts = [
                (b, x.score, render_reasons(x.reasons, lang)) for b, x in buyers_for(event, me)
            ]
        else:
            counterparts = [(p, None, []) for p in parts.approved(event) if p.id != me.id]
    mine = reqs.requests_of(event, me) if me is not None else []
    everything = reqs.all_requests(current_user, event) if sees_everything(current_user) else []
    names = names_of(event) if (mine or everything) else {}
    return render_template(
        "events/requests.html",
        event=event,
        me=me,
        proposals=proposals,
        counterparts=counterparts,
        mine=mine,
        everything=everything,
        marked={(r.side_b_id if r.side_a_id == me.id else r.side_a_id): r for r in mine}
        if me
        else {},
        state=lambda r: reqs.request_state(event, r),
        reason=lambda r: reason_text(r, names, lang),
        lang=lang,
        may_manage=event_access.can_manage(current_user),
        approved=parts.approved(event) if event_access.can_manage(current_user) else [],
        deadline_passed=reqs.deadline_passed(event),
    )


@bp.post("/<int:event_id>/requests")
@login_required
def mark(event_id: int) -> Response:
    """Mark a counterpart: must meet, would like to meet, no thanks."""
    event = _event(event_id)
    other = forms.int_arg(request.form, "counterpart")
    if other is None:
        abort(400)
    try:
        reqs.set_interest(current_user, event, other, request.form.get("interest", ""))
    except ServiceError as e:
        return _refused(e, event, "events.requests")
    return _done(_("Your answer was saved."), event, "events.requests")


@bp.post("/<int:event_id>/requests/<int:request_id>/answer")
@login_required
def answer(event_id: int, request_id: int) -> Response:
    """Answer a request one is a side of."""
    event = _event(event_id)
    try:
        reqs.answer(current_user, event, request_id, request.form.get("interest", ""))
    except ServiceError as e:
        return _refused(e, event, "events.requests")
    return _done(_("Your answer was saved."), event, "events.requests")


@bp.post("/<int:event_id>/requests/promise")
@login_required
def promise(event_id: int) -> Response:
    """An organiser adds a meeting promised to both sides."""
    event = event_access.managed_event(current_user, event_id)
    a, b = forms.int_arg(request.form, "side_a"), forms.int_arg(request.form, "side_b")
    if a is None or b is None:
        abort(400)
    try:
        reqs.promise(current_user, event, a, b, request.form.get("promised", "1") == "1")
    except ServiceError as e:
        return _refused(e, event, "events.requests")
    return _done(_("The promised meeting was saved."), event, "events.requests")


@bp.route("/<int:event_id>/schedule")
@login_required
def schedule(event_id: int) -> str:
    """The schedule's figures, gaps and unscheduled requests with reasons."""
    event = _event(event_id)
    require(sees_everything(current_user))
    job = sched.last_report(event)
    names = names_of(event)
    lang = str(current_user.language)
    unscheduled = [(r, reason_text(r, names, lang)) for r in sched.unscheduled_requests(event)]
    return render_template(
        "events/schedule.html",
        event=event,
        job=job,
        names=names,
        unscheduled=unscheduled,
        may_manage=event_access.can_manage(current_user),
        meetings=len(sched.live_meetings(event)),
    )


@bp.post("/<int:event_id>/schedule")
@login_required
def start_schedule(event_id: int) -> Response:
    """Schedule all (or re-schedule incrementally) in the background."""
    event = event_access.managed_event(current_user, event_id)
    try:
        sched.start_scheduling(current_user, event, request.form.get("incremental") == "1")
    except ServiceError as e:
        return _refused(e, event, "events.schedule")
    return _back(event, "events.schedule")


@bp.post("/<int:event_id>/publish")
@login_required
def publish(event_id: int) -> Response:
    """Publish the agendas and e-mail participants."""
    event = event_access.managed_event(current_user, event_id)
    try:
        sent = publish_agendas(current_user, event)
    except ServiceError as e:
        return _refused(e, event)
    return _done(_("The agendas were published; %(n)d e-mails sent.", n=sent), event)
