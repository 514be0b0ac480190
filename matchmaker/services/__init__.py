"""The operations: check access, validate, change, commit. Views call these."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from matchmaker.extensions import db

P = ParamSpec("P")
T = TypeVar("T")


class ServiceError(Exception):
    """Bad input or a refused change; the message is for the user (already translated)."""

    def __init__(
        self,
        message: str,
        field: str | None = None,
        errors: list[tuple[str | None, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or [(field, message)]


class ConflictError(ServiceError):
    """Someone else changed the same record at the same moment; nothing was saved."""


@contextmanager
def transaction() -> Iterator[None]:
    """One operation, one commit: everything inside is saved together or not at all. A lost
    race (a version check, a unique constraint, a lock) becomes a ConflictError for the user."""
    try:
        yield
        db.session.commit()
    except (StaleDataError, IntegrityError, OperationalError) as e:
        db.session.rollback()
        # An OperationalError is a lost race only as SQLite's busy writer; else it is a fault.
        if isinstance(e, OperationalError) and "locked" not in str(e).lower():
            raise
        raise ConflictError(
            _(
                "Someone else changed this at the same moment; nothing was "
                "saved. Reload the page and try again."
            )
        ) from e
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
