"""Why a request was left out: codes with arguments, rendered in Spanish or English."""

from __future__ import annotations

from events.types import ArgValue, Unscheduled

TEMPLATES: dict[str, dict[str, str]] = {
    "no_common_slot": {
        "en": "{a} has no free slot in common with {b}",
        "es": "{a} no tiene ningún horario disponible en común con {b}",
    },
    "fixed_tables_differ": {
        "en": "{a} and {b} sit at different fixed tables ({table_a}, {table_b})",
        "es": "{a} y {b} tienen mesas fijas distintas ({table_a}, {table_b})",
    },
    "max_reached": {
        "en": "{participant} reached its maximum of {max} meetings",
        "es": "{participant} alcanzó su máximo de {max} reuniones",
    },
    "agenda_full": {
        "en": "the agenda of {participant} is full in the slots it shares with {other} "
        "({n} meetings there, {higher} of them with a higher weight)",
        "es": "la agenda de {participant} está llena en los horarios que comparte con {other} "
        "({n} reuniones ahí, {higher} de ellas con mayor peso)",
    },
    "busy_in_common": {
        "en": "{a} and {b} share {n} slots, and in each one of the two already has a meeting",
        "es": "{a} y {b} comparten {n} horarios y en cada uno alguno de los dos ya tiene "
        "una reunión",
    },
    "no_table": {
        "en": "no table is free in the slots {a} and {b} share",
        "es": "no hay mesa libre en los horarios que comparten {a} y {b}",
    },
    "lower_priority": {
        "en": "{a} and {b} could only meet by moving or dropping other meetings",
        "es": "{a} y {b} solo podrían reunirse moviendo o quitando otras reuniones",
    },
    "other": {"en": "{text}", "es": "{text}"},
}


def make(request: str, code: str, **args: ArgValue) -> Unscheduled:
    """Build an Unscheduled entry with sorted arguments."""
    return Unscheduled(request, code, tuple(sorted(args.items())))


def render_reason(u: Unscheduled, lang: str = "en") -> str:
    """Render the reason of an unscheduled request in "es" or "en"."""
    texts = TEMPLATES.get(u.code)
    if texts is None:
        texts = TEMPLATES["other"]
    template = texts.get(lang, texts["en"])
    args = {k: str(v) for k, v in u.args}
    try:
        return template.format(**args)
    except KeyError:
        return args.get("text", u.code)


def reason_for_code(text: str) -> str:
    """Return the code of a reason read back from a schedule file without one."""
    return "other"
