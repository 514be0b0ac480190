"""Benchmark a CLAUT-size event: 40 buyers, 250 suppliers, about 1,200 meeting requests,
built through the services (registration, requests, scheduling, publishing), then times
GET /events/<id>/agenda/<participant> through the test client: median and p95.

Usage:
  .venv/bin/python benchmarks/bench_agenda.py [DATABASE_URL] [--runs 200]
DATABASE_URL defaults to $DATABASE_URL, else a fresh SQLite file in a temporary folder.
A PostgreSQL database named in the URL is dropped and created anew, e.g.
  postgresql+psycopg://postgres@127.0.0.1:5432/mm_bench_agenda
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

N_BUYERS, N_SUPPLIERS, REQUESTS_PER_BUYER = 40, 250, 30
PROCESSES = [
    "estampado",
    "inyección de plástico",
    "maquinado CNC",
    "fundición de aluminio",
    "soldadura robotizada",
    "tratamiento térmico",
    "pintura electrostática",
    "forja",
    "troquelado",
    "ensamble de arneses",
    "extrusión de hule",
    "recubrimiento de zinc",
]
MATERIALS = ["acero", "aluminio", "polipropileno", "nylon", "cobre", "hule EPDM"]


def recreate(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(rnd: random.Random) -> tuple[int, list[int], int]:
    """Companies and users (no service creates them in bulk), then the event via services."""
    from matchmaker.extensions import db
    from matchmaker.models import Company, Need, User, UserRole
    from matchmaker.services.events import participants as event_participants
    from matchmaker.services.events import requests as event_requests
    from matchmaker.services.events import setup as event_setup
    from matchmaker.services.events.notify import publish
    from matchmaker.services.events.proposals import ranking
    from matchmaker.services.events.schedule import run_schedule

    cluster = Company(kind="institution", status="approved", legal_name="CLAUT", search_text="")
    db.session.add(cluster)
    db.session.flush()
    organiser = User(
        email="org@bench.mx",
        name="Org",
        password_hash="x",
        company_id=cluster.id,
        role_rows=[UserRole(role="organiser")],
    )
    db.session.add(organiser)
    buyers, suppliers = [], []
    for i in range(N_BUYERS):
        co = Company(
            kind="oem",
            status="approved",
            legal_name=f"OEM {i:02d} SA de CV",
            search_text="",
            contact_email=f"compras{i}@oem.mx",
        )
        db.session.add(co)
        db.session.flush()
        procs = rnd.sample(PROCESSES, 3)
        db.session.add(
            Need(
                company_id=co.id,
                title=f"Piezas de {procs[0]}",
                status="open",
                description=f"{procs[0]} y {procs[1]} en {rnd.choice(MATERIALS)}",
                processes_text=", ".join(procs),
            )
        )
        user = User(
            email=f"buyer{i}@bench.mx",
            name=f"Buyer {i}",
            password_hash="x",
            company_id=co.id,
            role_rows=[UserRole(role="buyer")],
        )
        db.session.add(user)
        buyers.append((co, user))
    for i in range(N_SUPPLIERS):
        procs = rnd.sample(PROCESSES, 2)
        co = Company(
            kind=rnd.choice(["tier1", "tier2", "tier3"]),
            status="approved",
            legal_name=f"Proveedor {i:03d}, S.A. de C.V.",
            search_text="",
            description=f"Especialistas en {procs[0]} de {rnd.choice(MATERIALS)}",
            processes_text=", ".join(procs),
            materials_text=rnd.choice(MATERIALS),
        )
        db.session.add(co)
        suppliers.append(co)
    db.session.commit()

    event = event_setup.create_event(
        organiser,
        {
            "name": "Encuentro de Negocios CLAUT 2027",
            "venue": "Cintermex, Monterrey",
            "timezone": "America/Monterrey",
            "starts_on": "2027-03-10",
            "ends_on": "2027-03-11",
        },
    )
    for day in ("2027-03-10", "2027-03-11"):
        event_setup.add_session(
            organiser,
            event,
            {
                "day": day,
                "starts_at": "09:00",
                "ends_at": "13:00",
                "slot_minutes": "20",
                "breaks": "11:00-11:20",
            },
        )
        event_setup.add_session(
            organiser,
            event,
            {"day": day, "starts_at": "15:00", "ends_at": "18:00", "slot_minutes": "20"},
        )
    event_setup.set_tables(organiser, event, 60)
    event_setup.set_status(organiser, event, "registration")
    buyer_parts = []
    for i, (co, user) in enumerate(buyers):
        p = event_participants.register(
            organiser,
            event,
            co.id,
            {
                "delegates": [
                    {"name": f"Compradora {i} A", "email": f"a{i}@oem.mx"},
                    {"name": f"Comprador {i} B", "email": f"b{i}@oem.mx"},
                ],
                "capacity": "2",
            },
        )
        buyer_parts.append((p, user))
    supplier_ids = []
    for i, co in enumerate(suppliers):
        p = event_participants.register(
            organiser,
            event,
            co.id,
            {
                "delegates": [
                    {
                        "name": f"Ventas {i}",
                        "email": f"ventas{i}@prov.mx",
                        "phone": "+52 81 5555 0000",
                    }
                ]
            },
        )
        supplier_ids.append(p.id)
    event_setup.set_status(organiser, event, "requests_open")
    n = 0
    for p, user in buyer_parts:
        ranked = sorted(ranking(event, p).values(), key=lambda x: -x.score)
        for proposal in ranked[:REQUESTS_PER_BUYER]:
            interest = "must" if rnd.random() < 0.2 else "like"
            event_requests.set_interest(user, event, proposal.participant_id, interest)
            n += 1
    t0 = time.perf_counter()
    report = run_schedule(event, incremental=False)
    print(
        f"scheduled {report['meetings']}/{report['requests']} requests in "
        f"{time.perf_counter() - t0:.1f} s (gap {100 * report['gap']:.2f}%)"
    )
    publish(organiser, event)
    return event.id, [p.id for p, _u in buyer_parts] + supplier_ids, n


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("url", nargs="?", default=os.environ.get("DATABASE_URL", ""))
    ap.add_argument("--runs", type=int, default=200)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench_agenda_")
    url = a.url or f"sqlite:///{tmp}/bench.sqlite3"
    if url.startswith("postgresql"):
        recreate(url)
    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.extensions import db
    from matchmaker.models import User

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_OUTBOX": f"{tmp}/outbox",
            "WTF_CSRF_ENABLED": False,
            "EVENTS_SCHEDULE_SECONDS": 20.0,
            "LOGIN_RATE_LIMIT": "1000 per minute",
        },
        env="testing",
    )
    rnd = random.Random(7)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        t0 = time.perf_counter()
        event_id, participant_ids, n_requests = build(rnd)
        print(
            f"built the event ({len(participant_ids)} participants, {n_requests} requests) "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        organiser_id = db.session.scalar(db.select(User.id).where(User.email == "org@bench.mx"))
    client = app.test_client()
    with client.session_transaction() as s:
        s["_user_id"] = str(organiser_id)
        s["_fresh"] = True
    times, cpu = [], []
    for i in range(a.runs):
        pid = participant_ids[i % len(participant_ids)]
        t0, c0 = time.perf_counter(), time.process_time()
        r = client.get(f"/events/{event_id}/agenda/{pid}")
        times.append(1000 * (time.perf_counter() - t0))
        cpu.append(1000 * (time.process_time() - c0))
        assert r.status_code == 200, r.status_code
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    # CPU time of this process is printed too: on a loaded machine wall time mostly measures
    # the neighbours.
    print(
        f"{kind}: agenda page over {len(times)} GETs: wall median "
        f"{statistics.median(times):.1f} ms, p95 {_p95(times):.1f} ms, max {max(times):.1f} ms;"
        f" app CPU median {statistics.median(cpu):.1f} ms, p95 {_p95(cpu):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
