"""The operations: check access, validate, change, commit. Views call these.

Every operation that changes data is one transaction (`@atomic` or `with transaction()`);
operations called inside another join it. Side effects are registered with after_commit and
run once the outermost transaction has committed."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
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


@dataclass
class _Transaction:
    """The outermost transaction of this session: how deep the operations inside it are
    nested, what runs after its commit, and a place for per-transaction state."""

    depth: int = 1
    callbacks: list[Callable[[], object]] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    failed_inside: bool = False


_KEY = "matchmaker.transaction"
log = logging.getLogger(__name__)


def _current() -> _Transaction | None:
    return db.session.info.get(_KEY)  # type: ignore[no-any-return]


@contextmanager
def transaction() -> Iterator[None]:
    """One operation, one commit: everything inside is saved together or not at all.

    Nested operations join the outermost one: only it commits, and only after its commit do
    the after_commit callbacks run (a rollback discards them). A lost race (a version check,
    a unique constraint, a lock) becomes a ConflictError for the user."""
    tx = _current()
    if tx is not None:
        tx.depth += 1
        try:
            yield
        except BaseException:
            tx.failed_inside = True
            raise
        finally:
            tx.depth -= 1
        return
    tx = _Transaction()
    db.session.info[_KEY] = tx
    try:
        yield
        if tx.failed_inside:  # an inner operation failed and its error was swallowed
            raise RuntimeError("an operation inside this transaction failed; nothing saved")
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
    finally:
        db.session.info.pop(_KEY, None)
    for callback in tx.callbacks:
        try:
            callback()
        except Exception:  # the change is saved; a failed side effect must not undo the answer
            log.exception("an after-commit callback failed")


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` once the current operation's outermost transaction has committed; never
    if it rolls back. Side effects (mail, jobs, notifications) go through here."""
    tx = _current()
    if tx is None:
        raise RuntimeError("after_commit() outside a transaction: use @atomic or transaction()")
    tx.callbacks.append(callback)


def transaction_state() -> dict[str, Any]:
    """A dict that lives as long as the current outermost transaction (e.g. the mail queued
    by it); a rollback empties it."""
    tx = _current()
    if tx is None:
        raise RuntimeError("no transaction is open: use @atomic or transaction()")
    return tx.state


@event.listens_for(Session, "after_soft_rollback")
def _forget_side_effects(session: Session, _previous: Any) -> None:
    """A rollback inside an operation (e.g. a dry run) takes back what was queued so far."""
    tx = session.info.get(_KEY)
    if tx is not None:
        tx.callbacks.clear()
        tx.state.clear()


def atomic(fn: Callable[P, T]) -> Callable[P, T]:
    """Run a service function as one transaction (joining the caller's, if one is open)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with transaction():
            return fn(*args, **kwargs)

    return wrapper
