"""Benchmark the results dashboard on PostgreSQL with 100,000 meetings, 20,000 RFQs and
50,000 follow-up answers: bulk-loads a throwaway database, then times GET /dashboard/
through the test client (median and p95).

Usage: .venv/bin/python benchmarks/bench_dashboard.py [--url URL] [--runs 20]
URL defaults to postgresql+psycopg://postgres@127.0.0.1:5432/mm_bench_dashboard; that
database is dropped and created anew.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

N_EVENTS, N_MISSIONS = 40, 10
N_BUYERS, N_SUPPLIERS = 500, 1500
SLOTS, TABLES = 20, 100  # 2,000 meetings per event
N_RFQS, N_FOLLOWUPS = 20_000, 50_000


def recreate(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def load(db, rnd: random.Random) -> dict[str, int]:
    """Bulk-insert the data set with executemany (explicit ids), then fix the sequences."""
    from matchmaker.models import (
        Company,
        Event,
        EventSession,
        EventTable,
        ExchangeRate,
        FollowUp,
        Interaction,
        Meeting,
        MeetingRequest,
        Participant,
        Rfq,
        RfqResponse,
        Slot,
    )

    now = datetime.now(UTC)
    conn = db.session.connection()

    def put(model, rows):
        for i in range(0, len(rows), 10_000):
            conn.execute(model.__table__.insert(), rows[i : i + 10_000])

    states = ["Nuevo León", "Coahuila", "Jalisco", "Querétaro", "Guanajuato"]
    companies = []
    for i in range(1, N_BUYERS + N_SUPPLIERS + 1):
        kind = (
            ["oem", "tier1"][i % 2]
            if i <= N_BUYERS
            else ["tier1", "tier2", "tier3", "supplier"][i % 4]
        )
        companies.append(
            dict(
                id=i,
                kind=kind,
                legal_name=f"Empresa {i:05d} SA de CV",
                state=states[i % 5],
                status="approved",
                search_text="",
                membership="member" if i % 5 < 2 else "non_member",
            )
        )
    put(Company, companies)
    put(
        ExchangeRate,
        [
            dict(
                id=i + 1,
                currency="USD",
                on=date(2024, 1, 1) + timedelta(days=i),
                rate=Decimal("17") + Decimal(i % 200) / 100,
            )
            for i in range(1100)
        ],
    )
    events, sessions, slots, tables, parts, requests, meetings = [], [], [], [], [], [], []
    statuses = ["held"] * 7 + ["no_show", "cancelled", "scheduled"]
    pid = rid = mid = 0
    meeting_info = []  # (meeting id, event id, day, buyer, supplier, status)
    for e in range(1, N_EVENTS + N_MISSIONS + 1):
        day = date(2025, 1, 10) + timedelta(days=14 * e)
        events.append(
            dict(
                id=e,
                kind="mission" if e > N_EVENTS else "event",
                name=f"Evento {e}",
                starts_on=day,
                ends_on=day,
                status="closed",
            )
        )
        sessions.append(
            dict(id=e, event_id=e, day=day, starts_at=dtime(9), ends_at=dtime(17), slot_minutes=20)
        )
        for s in range(SLOTS):
            at = datetime.combine(day, dtime(9)) + timedelta(minutes=20 * s)
            slots.append(
                dict(
                    id=(e - 1) * SLOTS + s + 1,
                    event_id=e,
                    session_id=e,
                    code=f"S{s}",
                    starts_at=at,
                    ends_at=at + timedelta(minutes=20),
                )
            )
        for t in range(TABLES):
            tables.append(dict(id=(e - 1) * TABLES + t + 1, event_id=e, name=f"T{t}"))
        buyers = rnd.sample(range(1, N_BUYERS + 1), 40)
        sups = rnd.sample(range(N_BUYERS + 1, N_BUYERS + N_SUPPLIERS + 1), 60)
        bp, sp = [], []
        for c in buyers + sups:
            pid += 1
            parts.append(
                dict(
                    id=pid,
                    event_id=e,
                    company_id=c,
                    role="buyer" if c <= N_BUYERS else "supplier",
                    status="approved",
                    feed_token=f"tok{pid}",
                )
            )
            (bp if c <= N_BUYERS else sp).append((pid, c))
        pairs = [(a, b) for a in bp for b in sp]
        rnd.shuffle(pairs)
        for k, ((pa, ca), (pb, cb)) in enumerate(pairs[:2200]):
            rid += 1
            requests.append(dict(id=rid, event_id=e, side_a_id=pa, side_b_id=pb, interest_a="must"))
            if k < SLOTS * TABLES:
                mid += 1
                status = statuses[mid % 10]
                meetings.append(
                    dict(
                        id=mid,
                        event_id=e,
                        request_id=rid,
                        slot_id=(e - 1) * SLOTS + k // TABLES + 1,
                        table_id=(e - 1) * TABLES + k % TABLES + 1,
                        status=status,
                    )
                )
                meeting_info.append((mid, e, day, ca, cb, status))
    for model, rows in (
        (Event, events),
        (EventSession, sessions),
        (Slot, slots),
        (EventTable, tables),
        (Participant, parts),
        (MeetingRequest, requests),
        (Meeting, meetings),
    ):
        put(model, rows)
    held = [m for m in meeting_info if m[5] == "held"]
    rfqs, responses = [], []
    resp_id = 0
    rstat = ["invited", "quoted", "negotiation", "awarded", "lost", "declined", "cancelled"]
    for r in range(1, N_RFQS + 1):
        m = held[rnd.randrange(len(held))]
        from_meeting = r % 4 != 0
        created = datetime.combine(m[2] + timedelta(days=rnd.randint(1, 60)), dtime(12), UTC)
        buyer = m[3] if from_meeting else rnd.randint(1, N_BUYERS)
        rfqs.append(
            dict(
                id=r,
                buyer_company_id=buyer,
                reference=f"R{r}",
                title="Piezas",
                description="",
                origin="meeting" if from_meeting else "direct",
                meeting_id=m[0] if from_meeting else None,
                event_id=m[1] if from_meeting else None,
                confidential=r % 10 == 0,
                created_at=created,
            )
        )
        sups = {m[4]} if from_meeting else set()
        while len(sups) < (1 + r % 4 if r % 4 else 2):
            sups.add(rnd.randint(N_BUYERS + 1, N_BUYERS + N_SUPPLIERS))
        for s in sups:
            resp_id += 1
            st = rstat[rnd.randrange(7)]
            quoted = st in ("quoted", "negotiation", "awarded", "lost")
            cur = "USD" if resp_id % 3 == 0 else "MXN"
            rate = Decimal("18.5") if cur == "USD" else Decimal(1)
            value = Decimal(rnd.randint(10, 5000) * 100)
            responses.append(
                dict(
                    id=resp_id,
                    rfq_id=r,
                    supplier_company_id=s,
                    status=st,
                    quoted_value=value if quoted else None,
                    quoted_currency=cur if quoted else None,
                    quoted_rate=rate if quoted else None,
                    quoted_at=created if quoted else None,
                    awarded_value=value if st == "awarded" else None,
                    awarded_currency=cur if st == "awarded" else None,
                    awarded_rate=rate if st == "awarded" else None,
                    award_months=12 if st == "awarded" else None,
                    awarded_annual_mxn=value * rate if st == "awarded" else None,
                    awarded_at=created if st == "awarded" else None,
                    note="",
                    updated_at=now,
                )
            )
    put(Rfq, rfqs)
    put(RfqResponse, responses)
    outcomes = [
        "no_contact",
        "valuable",
        "negotiation",
        "rfq_received",
        "quoted",
        "won",
        "agreement",
    ]
    fus, seen = [], set()
    fid = 0
    while len(fus) < N_FOLLOWUPS:
        m = held[rnd.randrange(len(held))]
        side = m[3] if rnd.random() < 0.5 else m[4]
        days = rnd.choice((30, 90, 180))
        if (m[0], side, days) in seen:
            continue
        seen.add((m[0], side, days))
        fid += 1
        outcome = outcomes[rnd.randrange(7)]
        fus.append(
            dict(
                id=fid,
                meeting_id=m[0],
                company_id=side,
                after_days=days,
                due_on=m[2] + timedelta(days=days),
                email="x@example.mx",
                token_hash=f"{fid:064d}",
                sent_at=now,
                answered_at=now,
                outcome=outcome,
                value=Decimal(50000) if outcome == "won" else None,
                currency="MXN" if outcome == "won" else None,
                value_mxn=Decimal(50000) if outcome == "won" else None,
                comment="",
            )
        )
    put(FollowUp, fus)
    put(
        Interaction,
        [
            dict(
                id=i,
                company_id=rnd.randint(1, 2000),
                kind="service",
                on=date(2025, 1, 1) + timedelta(days=i % 700),
                summary="x",
                created_at=now,
            )
            for i in range(1, 5001)
        ],
    )
    for table in (
        "companies",
        "exchange_rates",
        "events",
        "event_sessions",
        "slots",
        "event_tables",
        "participants",
        "meeting_requests",
        "meetings",
        "rfqs",
        "rfq_responses",
        "followups",
        "interactions",
    ):
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    db.session.commit()
    conn = db.session.connection()
    conn.exec_driver_sql("ANALYZE")
    db.session.commit()
    return {
        "meetings": len(meetings),
        "rfqs": len(rfqs),
        "responses": len(responses),
        "followups": len(fus),
        "requests": len(requests),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/mm_bench_dashboard"
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--reuse", action="store_true", help="Time an already loaded database; do not reload it."
    )
    args = parser.parse_args()
    if not args.reuse:
        recreate(args.url)
    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.extensions import db
    from matchmaker.models import User, UserRole
    from matchmaker.services.accounts.users import hash_password

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": args.url,
            "WTF_CSRF_ENABLED": False,
            "LOGIN_RATE_LIMIT": "1000 per minute",
        },
        env="testing",
    )
    with app.app_context():
        if args.reuse:
            db.session.execute(db.delete(User).where(User.email == "manager@bench.mx"))
        else:
            upgrade(directory=app.extensions["migrate"].directory)
            t0 = time.perf_counter()
            counts = load(db, random.Random(2026))
            print(f"loaded {counts} in {time.perf_counter() - t0:.1f} s", flush=True)
        db.session.add(
            User(
                email="manager@bench.mx",
                name="Manager",
                language="es",
                password_hash=hash_password("bench-password"),
                role_rows=[UserRole(role="manager")],
            )
        )
        db.session.commit()
    client = app.test_client()
    r = client.post("/auth/login", data={"email": "manager@bench.mx", "password": "bench-password"})
    assert r.status_code == 302, r.status_code
    for label, url in (
        ("default", "/dashboard/"),  # the current quarter
        ("quarter", "/dashboard/?quarter=2025-Q3"),
        ("all time", "/dashboard/?quarter=all"),
        ("mission", f"/dashboard/?mission={N_EVENTS + 1}"),
        ("tier+state", "/dashboard/?tier=2&state=Coahuila"),
        ("export csv", "/dashboard/export.csv"),
        ("report", "/dashboard/report"),
    ):
        times = []
        for i in range(args.runs + 2):
            t = time.perf_counter()
            resp = client.get(url)
            elapsed = (time.perf_counter() - t) * 1000
            assert resp.status_code == 200, (url, resp.status_code)
            if i >= 2:  # warm-up
                times.append(elapsed)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"{label:12} {url:45} median {statistics.median(times):6.1f} ms   "
            f"p95 {p95:6.1f} ms   (n={len(times)})",
            flush=True,
        )
    print(f"load average while timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
