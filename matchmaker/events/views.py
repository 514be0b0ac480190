"""Events: set-up, registration, meeting requests and scheduling pages."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from matchmaker import labels
from matchmaker.events import bp, forms
from matchmaker.extensions import db
from matchmaker.models import Company, CompanyStatus, Event
from matchmaker.services import ServiceError
from matchmaker.services.events import access as event_access
from matchmaker.services.events import participants as parts
from matchmaker.services.events import setup
from matchmaker.services.platform.access import require, sees_everything


@bp.context_processor
def _labels() -> dict[str, object]:
    return {"ev": labels}


def _event(event_id: int) -> Event:
    return event_access.visible_event(current_user, db.session.get(Event, event_id))


def _back(event: Event, endpoint: str = "events.show") -> Response:
    return redirect(url_for(endpoint, event_id=event.id))


def _done(message: str, event: Event, endpoint: str = "events.show") -> Response:
    flash(message, "success")
    return _back(event, endpoint)


def _refused(e: ServiceError, event: Event, endpoint: str = "events.show") -> Response:
    db.session.rollback()
    flash(e.message, "error")
    return _back(event, endpoint)


@bp.route("/")
@login_required
def index() -> str:
    """Events this user may see."""
    return render_template(
        "events/index.html",
        events=setup.list_events(current_user),
        may_manage=event_access.can_manage(current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response | tuple[str, int]:
    """An organiser creates an event."""
    require(event_access.can_manage(current_user))
    data = forms.event_form(request.form)
    if request.method == "POST":
        try:
            event = setup.create_event(current_user, data)
        except ServiceError as e:
            return render_template("events/edit.html", event=None, data=data, errors=e.errors), 400
        flash(_("The event was created."), "success")
        return _back(event)
    data.update(timezone="America/Monterrey", kind="event", table_mode="pool")
    return render_template("events/edit.html", event=None, data=data, errors=[])


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int) -> str | Response | tuple[str, int]:
    """Change an event's settings."""
    event = event_access.managed_event(current_user, event_id)
    if request.method == "POST":
        data = forms.event_form(request.form)
        try:
            setup.update_event(current_user, event, data)
        except ServiceError as e:
            db.session.rollback()
            return render_template("events/edit.html", event=event, data=data, errors=e.errors), 400
        return _done(_("The event was saved."), event)
    data = {f: getattr(event, f) or "" for f in forms.EVENT_FIELDS}
    if event.requests_deadline:
        data["requests_deadline"] = event.requests_deadline.strftime("%Y-%m-%d %H:%M")
    return render_template("events/edit.html", event=event, data=data, errors=[])


@bp.route("/<int:event_id>")
@login_required
def show(event_id: int) -> str:
    """The event's page: status, sessions, tables, and what this user can do next."""
    event = _event(event_id)
    return render_template(
        "events/show.html",
        event=event,
        mine=event_access.my_participant(current_user, event),
        may_manage=event_access.can_manage(current_user),
        sees_all=sees_everything(current_user),
        next_statuses=setup.TRANSITIONS.get(event.status, ()),
    )


@bp.post("/<int:event_id>/status")
@login_required
def set_status(event_id: int) -> Response:
    """Move the event along its life cycle."""
    event = event_access.managed_event(current_user, event_id)
    try:
        setup.set_status(current_user, event, request.form.get("status", ""))
    except ServiceError as e:
        return _refused(e, event)
    return _done(_("The event is now: %(status)s.", status=setup.status_label(event.status)), event)


@bp.post("/<int:event_id>/sessions")
@login_required
def add_session(event_id: int) -> Response:
    """Add a session; its slots are generated."""
    event = event_access.managed_event(current_user, event_id)
    try:
        s = setup.add_session(current_user, event, forms.session_form(request.form))
    except ServiceError as e:
        return _refused(e, event)
    return _done(_("The session was added with %(n)d slots.", n=len(s.slots)), event)


@bp.post("/<int:event_id>/sessions/<int:session_id>/delete")
@login_required
def remove_session(event_id: int, session_id: int) -> Response:
    """Remove a session without meetings."""
    event = event_access.managed_event(current_user, event_id)
    try:
        setup.remove_session(current_user, event, session_id)
    except ServiceError as e:
        return _refused(e, event)
    return _done(_("The session was removed."), event)


@bp.post("/<int:event_id>/tables")
@login_required
def set_tables(event_id: int) -> Response:
    """Set the number of shared tables."""
    event = event_access.managed_event(current_user, event_id)
    try:
        setup.set_tables(current_user, event, forms.int_arg(request.form, "tables") or 0)
    except ServiceError as e:
        return _refused(e, event)
    return _done(_("The tables were saved."), event)


@bp.route("/<int:event_id>/participants")
@login_required
def participants(event_id: int) -> str:
    """Who takes part."""
    event = _event(event_id)
    companies = []
    if event_access.can_manage(current_user):
        companies = db.session.scalars(
            db.select(Company)
            .where(Company.status == CompanyStatus.APPROVED)
            .order_by(Company.legal_name)
        ).all()
    return render_template(
        "events/participants.html",
        event=event,
        participants=parts.list_participants(current_user, event),
        may_manage=event_access.can_manage(current_user),
        companies=companies,
        sees_all=sees_everything(current_user),
    )


@bp.route("/<int:event_id>/register", methods=["GET", "POST"])
@login_required
def register(event_id: int) -> str | Response | tuple[str, int]:
    """A company registers (its own, or any for organisers) with delegates and availability."""
    event = _event(event_id)
    data = forms.registration_form(request.form)
    if request.method == "POST":
        try:
            parts.register(current_user, event, forms.int_arg(request.form, "company_id"), data)
        except ServiceError as e:
            db.session.rollback()
            return render_template(
                "events/register.html",
                event=event,
                data=data,
                errors=e.errors,
                may_manage=event_access.can_manage(current_user),
                companies=_companies(),
            ), 400
        return _done(_("The registration was received."), event)
    return render_template(
        "events/register.html",
        event=event,
        data=data,
        errors=[],
        may_manage=event_access.can_manage(current_user),
        companies=_companies(),
    )


def _companies() -> list[Company]:
    if not event_access.can_manage(current_user):
        return []
    return list(
        db.session.scalars(
            db.select(Company)
            .where(Company.status == CompanyStatus.APPROVED)
            .order_by(Company.legal_name)
        )
    )


@bp.route("/<int:event_id>/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@login_required
def edit_registration(event_id: int, participant_id: int) -> str | Response | tuple[str, int]:
    """Change delegates, parallel meetings, availability or the meeting limit."""
    event = _event(event_id)
    p = event_access.visible_participant(current_user, event, participant_id)
    if request.method == "POST":
        data = forms.registration_form(request.form)
        try:
            parts.update_registration(current_user, event, p, data)
        except ServiceError as e:
            db.session.rollback()
            return render_template(
                "events/register.html",
                event=event,
                data=data,
                errors=e.errors,
                may_manage=False,
                companies=[],
                participant=p,
            ), 400
        return _done(_("The registration was saved."), event)
    data = {
        "delegates": [
            {"name": d.name, "email": d.email, "phone": d.phone, "position": d.position}
            for d in p.delegates
        ],
        "capacity": p.capacity,
        "max_meetings": p.max_meetings if p.max_meetings is not None else "",
        "sessions": [str(a.session_id) for a in p.availability],
    }
    return render_template(
        "events/register.html",
        event=event,
        data=data,
        errors=[],
        may_manage=False,
        companies=[],
        participant=p,
    )


@bp.post("/<int:event_id>/participants/<int:participant_id>/decide")
@login_required
def decide(event_id: int, participant_id: int) -> Response:
    """Approve or cancel a participant."""
    event = event_access.managed_event(current_user, event_id)
    p = event_access.visible_participant(current_user, event, participant_id)
    try:
        freed = parts.decide(current_user, event, p, request.form.get("status", ""))
    except ServiceError as e:
        return _refused(e, event, "events.participants")
    if freed:
        flash(_("%(n)d meetings were cancelled; re-schedule to fill them.", n=len(freed)), "info")
    return _done(_("The participant was updated."), event, "events.participants")


@bp.post("/<int:event_id>/participants/<int:participant_id>/checkin")
@login_required
def check_in(event_id: int, participant_id: int) -> Response:
    """Check a participant in at the door (or undo it)."""
    event = event_access.managed_event(current_user, event_id)
    p = event_access.visible_participant(current_user, event, participant_id)
    try:
        parts.check_in(current_user, event, p, request.form.get("present", "1") == "1")
    except ServiceError as e:
        return _refused(e, event, "events.participants")
    flash(_("Check-in saved."), "success")
    if request.form.get("next") == "live":  # back to the slot the organiser was looking at
        return redirect(
            url_for("events.live", event_id=event.id, slot=forms.int_arg(request.form, "slot"))
        )
    return _back(event, "events.participants")
