"""Renders reasons for people, in Spanish or English."""

from __future__ import annotations

from matching.types import Lang, Reason

# {0}, {1} are the reason's arguments: supplier side first, need side second.
_TEMPLATES: dict[str, dict[str, str]] = {
    "process": {"es": "proceso: {pair}", "en": "process: {pair}"},
    "material": {"es": "material: {pair}", "en": "material: {pair}"},
    "product": {"es": "producto: {pair}", "en": "product: {pair}"},
    "concept": {"es": "coincide: {pair}", "en": "matches: {pair}"},
    "words": {"es": "palabras en común: {all}", "en": "shared words: {all}"},
    "similar": {"es": "palabra parecida: {pair}", "en": "similar word: {pair}"},
    "related": {
        "es": "parecido a proveedores afines: «{0}»",
        "en": "similar to related suppliers: “{0}”",
    },
    "learned": {
        "es": "perfil típico de «{0}» (aprendido de casos etiquetados)",
        "en": "typical profile for “{0}” (learned from labelled cases)",
    },
    "certified": {"es": "certificación {0}", "en": "certification {0}"},
    "missing_certification": {"es": "falta {0}", "en": "missing {0}"},
    "preferred_state": {"es": "estado preferido: {0}", "en": "preferred state: {0}"},
    "preferred_tier": {"es": "nivel preferido: Tier {0}", "en": "preferred tier: Tier {0}"},
    "capacity_ok": {"es": "capacidad {0} ≥ {1}", "en": "capacity {0} >= {1}"},
    "capacity_short": {"es": "capacidad {0} < {1}", "en": "capacity {0} < {1}"},
}
_APPROX = {"es": " ≈ ", "en": " ~ "}


def render(reason: Reason, lang: Lang = "en") -> str:
    """The reason as a short sentence in `lang` ("es" or "en")."""
    templates = _TEMPLATES.get(reason.code)
    args = reason.args
    if templates is None:
        return " ".join((reason.code, *args))
    if len(args) >= 2 and args[0] != args[1]:
        pair = args[0] + _APPROX[lang] + args[1]
    else:
        pair = args[0] if args else ""
    padded = (*args, "", "")
    return templates[lang].format(*padded, pair=pair, all=", ".join(args))


def render_all(reasons: tuple[Reason, ...], lang: Lang = "en") -> list[str]:
    """Every reason rendered in `lang`."""
    return [render(r, lang) for r in reasons]
