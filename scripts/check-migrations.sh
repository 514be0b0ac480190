#!/usr/bin/env bash
# Upgrade an empty database to head and check that the models match the migrations, on SQLite
# and on PostgreSQL; then downgrade to base and up again on PostgreSQL.
set -euo pipefail
PY=${1:-.venv/bin/python}
PG_URL=${2:-postgresql+psycopg://postgres@127.0.0.1:5432/matchmaker_test}
MM="$(dirname "$PY")/matchmaker"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== migrations on an empty SQLite database"
DATABASE_URL="sqlite:///$tmp/empty.sqlite3" "$MM" db upgrade
DATABASE_URL="sqlite:///$tmp/empty.sqlite3" "$MM" db check
echo "== migrations on an empty PostgreSQL database"
scripts/ensure-postgres.sh
base=${PG_URL%/*}
"$PY" - "$base" <<'PYEOF'
import sys, psycopg
url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://") + "/postgres"
with psycopg.connect(url, autocommit=True) as c:
    c.execute('DROP DATABASE IF EXISTS matchmaker_migrations WITH (FORCE)')
    c.execute('CREATE DATABASE matchmaker_migrations')
PYEOF
export DATABASE_URL="$base/matchmaker_migrations"
"$MM" db upgrade
"$MM" db check
"$MM" db downgrade base
"$MM" db upgrade
"$MM" db check
echo "migrations: upgrade, check, downgrade and upgrade again all passed"
