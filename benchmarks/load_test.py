"""Load test: gunicorn with several workers on PostgreSQL holding 10,000 suppliers, 1,000 needs
and a CLAUT-size event; wrk on 127.0.0.1 drives 50 concurrent clients against catalogue search,
a need's recommendations and an agenda page, and reports requests per second, p50/p95/p99
latency and errors.

Run: .venv/bin/python benchmarks/load_test.py [--db postgresql+psycopg://...:5432/mm_load]
     [--workers 3] [--threads 8] [--seconds 20] [--think-ms 1000] [--reuse] [--mixed]

Each wrk connection is one client. With --think-ms, every client waits a random 0..2x that
long between requests, as people do; --think-ms 0 saturates the server (capacity figure).
By default the pages are loaded one after the other, all clients on one page; --mixed splits
the clients between the three pages at the same time (one wrk per page).
Needs Debian's wrk (apt-get install wrk). The database named in --db is dropped and recreated.
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import io
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PASSWORD = "load-test-password"
LUA = """
math.randomseed(os.time())
local think = tonumber(os.getenv("THINK_MS") or "0")
function delay() if think > 0 then return math.random(0, 2 * think) end return 0 end
function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50=%.1f p95=%.1f p99=%.1f errors=%d "
    .. "(status %d, connect %d, read %d, write %d, timeout %d)\\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_data(url: str) -> dict[str, str]:
    """The catalogue, needs and event; returns the paths to load."""
    from bench_agenda import build, recreate
    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.extensions import db
    from matchmaker.models import Company, Need, User, UserRole
    from matchmaker.services.accounts.users import hash_password
    from matchmaker.services.catalogue.imports import import_suppliers
    from matchmaker.services.catalogue.taxonomy import sync_taxonomy

    recreate(url)
    tmp = tempfile.mkdtemp()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_OUTBOX": tmp + "/outbox",
            "WTF_CSRF_ENABLED": False,
            "IMPORT_MAX_ROWS": 20000,
            "MAX_CONTENT_LENGTH": 50 * 1024 * 1024,
        },
        env="testing",
    )
    rnd = random.Random(11)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        sync_taxonomy()
        source = SHARED / "data/retc-dev/suppliers.csv"
        rows = list(csv.DictReader(source.open(encoding="utf-8")))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["id", "name", "description", "state", "tier"])
        writer.writeheader()
        for i in range(10_000):
            r = rnd.choice(rows)
            writer.writerow(
                {
                    "id": f"L{i:05d}",
                    "name": f"{r['name']} {i}",
                    "description": r["description"],
                    "state": r["state"],
                    "tier": rnd.choice(["1", "2", "3", ""]),
                }
            )
        t0 = time.perf_counter()
        report = import_suppliers(None, out.getvalue().encode(), "load.csv", dry_run=False)
        assert report.committed, report.errors[:3]
        print(f"imported {report.created} suppliers in {time.perf_counter() - t0:.0f} s")
        event_id, participant_ids, _n = build(rnd)
        buyer_co = Company(kind="oem", status="approved", legal_name="OEM Carga", search_text="")
        db.session.add(buyer_co)
        db.session.flush()
        titles = [r["description"] for r in rnd.sample(rows, 1000)]
        needs = [Need(company_id=buyer_co.id, title=t[:200], status="open") for t in titles]
        db.session.add_all(needs)
        db.session.add(
            User(
                email="load@bench.mx",
                name="Load",
                password_hash=hash_password(PASSWORD),
                company_id=buyer_co.id,
                role_rows=[UserRole(role="buyer"), UserRole(role="organiser")],
            )
        )
        db.session.commit()
        paths = {
            "catalogue search": "/companies/?q=fundicion+aluminio",
            "recommendations": f"/needs/{needs[0].id}",
            "agenda page": f"/events/{event_id}/agenda/{participant_ids[0]}",
        }
        db.session.remove()
        db.engine.dispose()
    return paths


def reuse_paths(url: str) -> dict[str, str]:
    """The paths of a database loaded by an earlier run."""
    from sqlalchemy import create_engine, text

    with create_engine(url).connect() as conn:
        need = conn.execute(
            text(
                "SELECT MIN(n.id) FROM needs n JOIN companies c ON "
                "c.id = n.company_id WHERE c.legal_name = 'OEM Carga'"
            )
        ).scalar()
        event = conn.execute(text("SELECT MIN(id) FROM events")).scalar()
        part = conn.execute(
            text("SELECT MIN(id) FROM participants WHERE event_id = :e"), {"e": event}
        ).scalar()
    return {
        "catalogue search": "/companies/?q=fundicion+aluminio",
        "recommendations": f"/needs/{need}",
        "agenda page": f"/events/{event}/agenda/{part}",
    }


def login(base: str) -> str:
    """Log in through the form like a browser; returns the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/auth/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "email": "load@bench.mx", "password": PASSWORD}
    ).encode()
    opener.open(base + "/auth/login", data)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="postgresql+psycopg://postgres@127.0.0.1:5432/mm_load")
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--think-ms", type=int, default=1000)
    ap.add_argument(
        "--mixed", action="store_true", help="split the clients between the three pages at once"
    )
    a = ap.parse_args()
    paths = reuse_paths(a.db) if a.reuse else load_data(a.db)
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=a.db,
        MATCHMAKER_ENV="development",
        LOGIN_RATE_LIMIT="10000 per minute",
        SECRET_KEY="load-test",
    )
    from matchmaker.main.commands import gunicorn_args

    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            *gunicorn_args(port, a.workers, a.threads),
            "--log-level",
            "warning",
            "matchmaker.server:create_server_app()",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/help", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        cookie = login(base)
        lua = Path(tempfile.mkdtemp()) / "report.lua"
        lua.write_text(LUA)
        # Every worker builds its recommendation index as it starts; a need page waits for
        # that build. Wait for them (the kernel spreads connections, so ask often), then warm
        # each page.
        for path in [paths["recommendations"]] * (a.workers * 4) + list(paths.values()) * 3:
            req = urllib.request.Request(base + path, headers={"Cookie": cookie})
            assert urllib.request.urlopen(req, timeout=300).status == 200, path
        time.sleep(3)

        def wrk(path: str, connections: int) -> subprocess.Popen[str]:
            return subprocess.Popen(
                [
                    "wrk",
                    "-t1" if a.mixed else "-t2",
                    f"-c{connections}",
                    f"-d{a.seconds}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(lua),
                    "-H",
                    f"Cookie: {cookie}",
                    base + path,
                ],
                env=dict(os.environ, THINK_MS=str(a.think_ms)),
                stdout=subprocess.PIPE,
                text=True,
            )

        def report(name: str, path: str, proc: subprocess.Popen[str]) -> None:
            out = proc.communicate()[0]
            assert proc.returncode == 0, out
            result = re.search(r"RESULT (.*)", out).group(1)  # type: ignore[union-attr]
            print(f"{name:18} {path:40} {result}")

        if a.mixed:  # the clients split between the three pages, all at the same time
            share = [a.connections // 3 + (i < a.connections % 3) for i in range(3)]
            procs = [wrk(path, n) for path, n in zip(paths.values(), share, strict=True)]
            for (name, path), proc in zip(paths.items(), procs, strict=True):
                report(name, path, proc)
        else:
            for name, path in paths.items():
                report(name, path, wrk(path, a.connections))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
