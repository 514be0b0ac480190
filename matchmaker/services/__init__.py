"""The operations: check access, validate, change, commit. Views call these."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from matchmaker.extensions import db

P = ParamSpec("P")
T = TypeVar("T")


class ServiceError(Exception):
    """Bad input or a refused change; the message is for the user (already translated)."""

    def __init__(self, message: str, field: str | None = None,
                 errors: list[tuple[str | None, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or [(field, message)]


@contextmanager
def transaction() -> Iterator[None]:
    """One operation, one commit: everything inside is saved together or not at all."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def atomic(fn: Callable[P, T]) -> Callable[P, T]:
    """Run a service function as one transaction."""

    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with transaction():
            return fn(*args, **kwargs)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    return wrapper
