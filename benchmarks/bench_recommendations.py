"""Need pages with recommendations over a large catalogue, and the cost of staying fresh.

Run: .venv/bin/python benchmarks/bench_recommendations.py [--db URL] [--suppliers 10000]
     [--needs 1000] [--requests 40]
--db: a SQLite URL (default: a temporary file) or postgresql+psycopg://user@host:port/NAME;
a PostgreSQL database NAME is dropped and created anew (use a throwaway name).
Prints: load time; first need page (full index build); need pages with a warm index (distinct
needs, then the same needs again: result cache); the version check alone; one supplier edit
followed by the next need page (incremental upsert); best pairs and a supplier's page.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DATA = Path("/work/shared/data/retc-dev")
STATES = [
    "Nuevo León",
    "Coahuila",
    "Jalisco",
    "Guanajuato",
    "Querétaro",
    "Puebla",
    "Estado de México",
    "Chihuahua",
    "Sonora",
    "San Luis Potosí",
]
ENGLISH = [
    "Metal stamping and welding",
    "Plastic injection of housings",
    "CNC machining of aluminium parts",
    "Wire harness assembly",
    "Powder coating of brackets",
    "Aluminium die casting",
    "Seat covers sewing",
    "Brake parts machining",
]
CERTS = [("iatf_16949", "IATF 16949"), ("iso_9001", "ISO 9001"), ("iso_14001", "ISO 14001")]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _postgres(url: str) -> str:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base.replace("+psycopg", "") + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def load(n_suppliers: int, n_needs: int, rng: random.Random) -> tuple[int, list[int], int]:
    """Fill the database; returns (buyer user id, need ids, a supplier company id)."""
    from matchmaker.extensions import db
    from matchmaker.models import (
        Company,
        CompanyCapability,
        CompanyCertification,
        Need,
        TaxonomyTerm,
        User,
        UserRole,
    )
    from matchmaker.services.accounts.users import hash_password

    terms = list(db.session.scalars(db.select(TaxonomyTerm)))
    source = _rows("suppliers.csv")
    companies = []
    for i in range(n_suppliers):
        row = source[i % len(source)]
        desc = row["description"]
        if rng.random() < 0.5:
            desc = desc.lower()
        c = Company(
            kind=rng.choice(["tier1", "tier2", "tier3", "supplier"]),
            status="approved",
            legal_name=f"{row['name']} #{i}",
            description=desc,
            state=rng.choice(STATES),
            external_id=f"B{i:05d}",
            search_text="",
            processes_text="",
            materials_text="",
            products_text="",
        )
        c.capabilities = [CompanyCapability(term_id=t.id) for t in rng.sample(terms, 2)]
        if rng.random() < 0.4:
            key, name = rng.choice(CERTS)
            c.certifications = [CompanyCertification(cert_key=key, name=name)]
        companies.append(c)
    oem = Company(kind="oem", status="approved", legal_name="OEM Benchmark", search_text="")
    db.session.add_all([*companies, oem])
    db.session.flush()
    titles = [r["title"] for r in _rows("needs.csv")]
    needs = []
    for i in range(n_needs):
        title = ENGLISH[i % len(ENGLISH)] if i % 4 == 0 else titles[i % len(titles)]
        needs.append(
            Need(
                company_id=oem.id,
                title=f"{title} ({i})",
                status="open",
                description="",
                preferred_states=[rng.choice(STATES)],
            )
        )
    db.session.add_all(needs)
    buyer = User(
        email="buyer@bench.mx",
        name="Buyer",
        password_hash=hash_password("bench-pass"),
        language="en",
        company_id=oem.id,
        role_rows=[UserRole(role="buyer")],
    )
    db.session.add(buyer)
    db.session.commit()
    return buyer.id, [n.id for n in needs], companies[0].id


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def timed(fn: object) -> float:
    """Seconds taken by one call."""
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="")
    parser.add_argument("--suppliers", type=int, default=10000)
    parser.add_argument("--needs", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{tmp.name}/bench.sqlite3"
    if url.startswith("postgresql"):
        url = _postgres(url)

    from matchmaker import create_app
    from matchmaker.extensions import db
    from matchmaker.services.catalogue.taxonomy import sync_taxonomy
    from matchmaker.services.sourcing.supplier_index import cache_for

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "LOGIN_RATE_LIMIT": "1000 per minute",
            "MAIL_OUTBOX": tmp.name,
        },
        env="testing",
    )
    rng = random.Random(7)
    with app.app_context():
        db.create_all()
        sync_taxonomy()
        started = time.perf_counter()
        _buyer, need_ids, supplier_id = load(args.suppliers, args.needs, rng)
        print(
            f"database: {url.split('://')[0]}, {args.suppliers} suppliers, "
            f"{args.needs} needs, loaded in {time.perf_counter() - started:.1f} s"
        )
    client = app.test_client()
    client.post("/auth/login", data={"email": "buyer@bench.mx", "password": "bench-pass"})

    def page(need_id: int) -> None:
        r = client.get(f"/needs/{need_id}")
        assert r.status_code == 200 and 'id="recommendations"' in r.text, r.status_code

    print(f"first need page (builds the index): {timed(lambda: page(need_ids[0])):.2f} s")
    sample = rng.sample(need_ids, min(args.requests, len(need_ids)))
    cold = [timed(lambda n=n: page(n)) * 1000 for n in sample]
    warm = [timed(lambda n=n: page(n)) * 1000 for n in sample]
    print(
        f"need page, warm index, new need:   median {statistics.median(cold):.1f} ms, "
        f"p95 {pct(cold, 95):.1f} ms ({len(cold)} requests)"
    )
    print(
        f"need page, warm index, seen need:  median {statistics.median(warm):.1f} ms, "
        f"p95 {pct(warm, 95):.1f} ms (result cache)"
    )
    with app.app_context():
        cache = cache_for(app)
        checks = [timed(cache.current) * 1000 for _ in range(20)]
        print(f"version check alone (no change):   median {statistics.median(checks):.2f} ms")
        from matchmaker.models import Company
        from matchmaker.models.base import utcnow

        edits, refreshes, pages = [], [], []
        for i in range(5):
            company = db.session.get(Company, supplier_id + i)

            def edit(company: Company = company, i: int = i) -> None:
                company.description += f" estampado y soldadura {i}"
                company.updated_at = utcnow()
                db.session.commit()

            edits.append(timed(edit) * 1000)
            refreshes.append(timed(cache.current) * 1000)  # diff + load one row + upsert
            before = dict(cache.stats)
            pages.append(timed(lambda: page(sample[0])) * 1000)  # engine re-weighs lazily
            assert cache.stats["builds"] == before["builds"]
        print(
            f"after one supplier edit: refresh (diff + upsert) median "
            f"{statistics.median(refreshes):.1f} ms; next need page median "
            f"{statistics.median(pages):.1f} ms, max {max(pages):.1f} ms "
            f"({len(pages)} edits; builds so far {cache.stats['builds']}, "
            f"upserts {cache.stats['upserts']})"
        )
    client.post("/auth/logout")
    with app.app_context():
        from matchmaker.models import User, UserRole

        org = User(
            email="org@bench.mx",
            name="Org",
            password_hash=db.session.get(User, _buyer).password_hash,
            language="en",
            role_rows=[UserRole(role="organiser")],
        )
        db.session.add(org)
        db.session.commit()
    client.post("/auth/login", data={"email": "org@bench.mx", "password": "bench-pass"})
    first = timed(lambda: client.get("/matches/")) * 1000
    again = timed(lambda: client.get("/matches/?page=2")) * 1000
    profile = timed(lambda: client.get(f"/companies/{supplier_id}")) * 1000
    print(
        f"best pairs: first {first:.0f} ms (ranks every open need), next page {again:.0f} ms; "
        f"a supplier's page with fitting needs {profile:.0f} ms"
    )
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
