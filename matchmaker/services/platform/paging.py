"""Pages of a query whose total comes with the page's keys, in one scan."""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select, func, select

from matchmaker.extensions import db


class CountedPagination(SelectPagination):
    """A page of entities whose total is a window count over the page's own keys.

    Flask-SQLAlchemy counts with a second query that repeats the whole filter (for a text
    search, a second scan). Here one narrow query finds the page's ids and the total together
    (the window carries only ids, not whole rows), and a primary-key lookup loads those rows
    with the loader options. Only a page past the end, which has no row to carry the total,
    costs a separate count.
    """

    _total: int | None = None

    def _query_items(self) -> list[Any]:
        query: Select[Any] = self._query_args["select"]
        entity = self._query_args["entity"]
        session = self._query_args["session"]
        keys = query.with_only_columns(entity.id, func.count().over())
        rows = session.execute(keys.limit(self.per_page).offset(self._query_offset)).all()
        if not rows:
            return []
        self._total = int(rows[0][1])
        ids = [row[0] for row in rows]
        loaded = session.scalars(
            select(entity).where(entity.id.in_(ids)).options(*self._query_args["options"])
        ).unique()
        by_id = {item.id: item for item in loaded}
        return [by_id[i] for i in ids if i in by_id]

    def _query_count(self) -> int:
        return self._total if self._total is not None else super()._query_count()


def paginate(
    query: Select[Any], page: int, per_page: int, *, entity: Any, options: tuple[Any, ...] = ()
) -> CountedPagination:
    """One page of `query`, a select of `entity` in the order to show (pages from 1; a page
    past the end is empty). `options` are loader options for the page's rows."""
    return CountedPagination(
        select=query,
        entity=entity,
        options=options,
        session=db.session,
        page=max(1, page),
        per_page=per_page,
        max_per_page=None,
        error_out=False,
    )
