"""Pages make a fixed number of queries whatever the number of rows they show (no N+1)."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from matchmaker.extensions import db


@contextmanager
def counting(app):
    counts = {"n": 0}

    def count(*_args, **_kwargs):
        counts["n"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _queries(app, client, url):
    client.get(url)  # warm caches (taxonomy, recommendation index)
    with counting(app) as counts:
        assert client.get(url).status_code == 200
    return counts["n"]


def test_catalogue_and_need_pages_do_not_grow_with_rows(app, client, make, auth):
    from matchmaker.services.catalogue import companies

    organiser = make.user("organiser", company=make.company("institution"))
    oem = make.company("oem")
    need = make.need(oem, title="Estampado de acero")
    auth.login(make.user("buyer", company=oem))

    def add_suppliers(n):
        for i in range(n):
            c = make.company(legal_name=f"Troqueles {make.n} {i}", description="estampado")
            companies.update_company(
                organiser,
                c,
                {
                    "legal_name": c.legal_name,
                    "kind": "tier2",
                    "description": "estampado de acero",
                    "term_keys": ["stamping", "steel"],
                    "certifications": {"iso 9001": None},
                },
            )

    add_suppliers(3)
    small = {u: _queries(app, client, u) for u in ("/companies/", f"/needs/{need.id}")}
    add_suppliers(20)
    large = {u: _queries(app, client, u) for u in ("/companies/", f"/needs/{need.id}")}
    assert large == small, (small, large)
