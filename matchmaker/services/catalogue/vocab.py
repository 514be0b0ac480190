"""The controlled vocabularies the app shares with the matching engine: capability terms,
certifications and Mexican states. One place adapts the engine's API for the app."""

from __future__ import annotations

from functools import lru_cache

from matching import taxonomy as tx
from matching.text import normalise

__all__ = [
    "certification_choices",
    "certification_key",
    "certification_name",
    "fold",
    "state_choices",
    "state_name",
    "terms_in",
]


def fold(text: str | None) -> str:
    """Accent- and case-free text, for searching."""
    return normalise(text or "")


@lru_cache(maxsize=1)
def _cert_names() -> dict[str, str]:
    return {c.key: c.name for c in tx.load_certifications()}


def certification_choices() -> list[tuple[str, str]]:
    """(key, name) of the known certifications, in display order."""
    return list(_cert_names().items())


def certification_key(text: str) -> str | None:
    """The canonical key of a certification written any common way, or None."""
    return tx.normalise_certification(text)


def certification_name(key: str) -> str:
    """The display name of a certification key."""
    return _cert_names().get(key, key)


@lru_cache(maxsize=1)
def _states() -> dict[str, str]:
    return {s.key: s.name for s in tx.load_states()}


def state_choices() -> list[tuple[str, str]]:
    """(name, name) of the 32 Mexican states, alphabetical."""
    return sorted((name, name) for name in _states().values())


def state_name(text: str | None) -> str | None:
    """The official name of a Mexican state written any common way, or None."""
    if not text or not text.strip():
        return None
    key = tx.normalise_state(text)
    return _states().get(key) if key else None


def terms_in(text: str) -> set[str]:
    """Keys of the taxonomy terms recognised in free text (Spanish or English, noisy)."""
    if not text.strip():
        return set()
    return {hit.term.key for hit in tx.load_taxonomy().find(text)}
