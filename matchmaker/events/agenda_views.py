"""Agendas, calendars, the table plan, exports and the day itself."""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from matchmaker.events import bp, forms
from matchmaker.events.views import _done, _event, _refused
from matchmaker.extensions import db
from matchmaker.models import Event
from matchmaker.services import ServiceError
from matchmaker.services.events import access as event_access
from matchmaker.services.events import agenda, meetings
from matchmaker.services.platform.access import require, sees_everything


def _participant(event: Event, participant_id: int):  # type: ignore[no-untyped-def]
    p = event_access.visible_participant(current_user, event, participant_id)
    if not event_access.may_see_agenda(current_user, event, p):
        abort(404)
    return p


@bp.route("/<int:event_id>/agenda")
@login_required
def my_agenda(event_id: int) -> Response:
    """The user's own company's agenda."""
    event = _event(event_id)
    me = event_access.my_participant(current_user, event)
    if me is None:
        abort(404)
    return redirect(url_for("events.agenda_page", event_id=event.id, participant_id=me.id))


@bp.route("/<int:event_id>/agenda/<int:participant_id>")
@login_required
def agenda_page(event_id: int, participant_id: int) -> str:
    """A participant's agenda."""
    event = _event(event_id)
    p = _participant(event, participant_id)
    return render_template(
        "events/agenda.html",
        event=event,
        p=p,
        lines=agenda.agenda_lines(event, p),
        feed=url_for("events.feed", event_id=event.id, token=p.feed_token, _external=True),
    )


@bp.route("/<int:event_id>/agenda/<int:participant_id>/print")
@login_required
def agenda_print(event_id: int, participant_id: int) -> str:
    """A participant's printable agenda sheet."""
    event = _event(event_id)
    p = _participant(event, participant_id)
    return render_template(
        "events/print.html",
        event=event,
        sheets=[(p, agenda.rows_for(event, p, include_cancelled=False))],
    )


@bp.route("/<int:event_id>/print")
@login_required
def print_all(event_id: int) -> str:
    """Every participant's sheet, one page each (organisers and managers)."""
    event = _event(event_id)
    require(sees_everything(current_user))
    return render_template("events/print.html", event=event, sheets=agenda.all_agendas(event))


def _ics(data: bytes, name: str) -> FlaskResponse:
    return FlaskResponse(
        data,
        mimetype="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.ics"'},
    )


@bp.route("/<int:event_id>/agenda/<int:participant_id>.ics")
@login_required
def agenda_ics(event_id: int, participant_id: int) -> FlaskResponse:
    """A participant's agenda as an .ics download."""
    event = _event(event_id)
    p = _participant(event, participant_id)
    return _ics(agenda.calendar_for(event, p), f"agenda-{event.id}-{p.id}")


@bp.route("/<int:event_id>/feed/<token>.ics")
def feed(event_id: int, token: str) -> FlaskResponse:
    """The subscribable calendar feed: no login, the participant's token instead."""
    event, p = agenda.participant_by_token(event_id, token)
    response = _ics(agenda.calendar_for(event, p), f"agenda-{event.id}")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/<int:event_id>/plan")
@login_required
def plan(event_id: int) -> str:
    """Tables by slots."""
    event = _event(event_id)
    require(sees_everything(current_user))
    slots, tables, cells = agenda.table_plan(event)
    return render_template(
        "events/plan.html",
        event=event,
        slots=slots,
        tables=tables,
        cells=cells,
        may_manage=event_access.can_manage(current_user),
    )


@bp.route("/<int:event_id>/export.<fmt>")
@login_required
def export(event_id: int, fmt: str) -> FlaskResponse:
    """The schedule as CSV or XLSX."""
    event = _event(event_id)
    require(sees_everything(current_user))
    if fmt not in ("csv", "xlsx"):
        abort(404)
    mimetype = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return FlaskResponse(
        agenda.export(event, fmt),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="schedule-{event.id}.{fmt}"'},
    )


@bp.route("/<int:event_id>/live")
@login_required
def live(event_id: int) -> str:
    """The day on a phone: tables in one slot, check-in, held and no-show."""
    event = _event(event_id)
    require(sees_everything(current_user))
    slots, tables, cells = agenda.table_plan(event)
    slot = agenda.live_slot(event, slots, forms.int_arg(request.args, "slot"))
    return render_template(
        "events/live.html",
        event=event,
        slots=slots,
        slot=slot,
        tables=tables,
        cells=cells,
        may_manage=event_access.can_manage(current_user),
    )


@bp.route("/<int:event_id>/meetings/<int:meeting_id>", methods=["GET"])
@login_required
def meeting(event_id: int, meeting_id: int) -> str:
    """One meeting, with the organiser's move form."""
    event = _event(event_id)
    require(sees_everything(current_user))
    m = meetings.event_meeting(event, meeting_id)
    slots, tables, _cells = agenda.table_plan(event)
    return render_template(
        "events/meeting.html",
        event=event,
        m=m,
        slots=slots,
        tables=event.tables,
        may_manage=event_access.can_manage(current_user),
    )


@bp.post("/<int:event_id>/meetings/<int:meeting_id>/<action>")
@login_required
def meeting_action(event_id: int, meeting_id: int, action: str) -> Response:
    """Move, lock, unlock, cancel, fill or record the outcome of a meeting."""
    event = event_access.managed_event(current_user, event_id)
    m = meetings.event_meeting(event, meeting_id)
    back = request.form.get("next") or url_for("events.plan", event_id=event.id)
    if not back.startswith("/"):
        back = url_for("events.plan", event_id=event.id)
    try:
        if action == "move":
            meetings.move(
                current_user,
                event,
                m,
                forms.int_arg(request.form, "slot_id") or 0,
                forms.int_arg(request.form, "table_id") or 0,
            )
            message = _("The meeting was moved.")
        elif action in ("lock", "unlock"):
            meetings.set_locked(current_user, event, m, action == "lock")
            message = (
                _("The meeting is locked.") if action == "lock" else _("The meeting is unlocked.")
            )
        elif action == "cancel":
            meetings.cancel(current_user, event, m)
            message = _("The meeting was cancelled; its slot is free.")
        elif action == "fill":
            placed = meetings.fill(current_user, event, m)
            message = _(
                "The slot was filled: %(a)s with %(b)s.",
                a=placed.request.side_a.company.display_name,
                b=placed.request.side_b.company.display_name,
            )
        elif action == "outcome":
            meetings.set_outcome(current_user, event, m, request.form.get("status", ""))
            message = _("The meeting was marked.")
        else:
            abort(404)
    except ServiceError as e:
        db.session.rollback()
        flash(e.message, "error")
        return redirect(back)
    flash(message, "success")
    return redirect(back)


__all__ = ["_done", "_refused"]
