#!/usr/bin/env bash
# The backup-and-restore drill (docs/operations.md): back up as the nightly job does, restore
# into a fresh database, start samverka on it and compare it with the original.
#
#   DATABASE_URL=postgres://owner@db/samverka scripts/backup_restore_drill.sh
#
# 1. pg_dump (custom format) of DATABASE_URL and a tar of the media folder (SAMVERKA_MEDIA_ROOT,
#    default $SAMVERKA_DATA_DIR/media);
# 2. a fresh database <name>_drill_<pid> on the same server (the role needs CREATEDB), restored
#    with pg_restore; the media tar unpacked into a scratch folder;
# 3. samverka on the restored database: `samverka check`, `migrate --check` (no migration
#    missing), and a request to /health/ready through Django;
# 4. the row count of every table, every adopted lägesbild's stored figures and what the app
#    shows of them, and the checksum of every media file and of every file kept in the database
#    (SAMVERKA_FILE_STORAGE=database, table files_storedfile), compared with the original.
# Exits 1 on any difference, 2 when it cannot run; prints a summary either way. The drill
# database and scratch folder are removed at the end (DRILL_KEEP=1 keeps them for a look).
# BACKUP_DIR keeps the backup files (default: the scratch folder, removed with it).
# DRILL_AFTER_RESTORE_SQL spoils the restored copy on purpose: the drill must then fail.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
SAMVERKA="${SAMVERKA:-$ROOT/.venv/bin/samverka}"

die() { echo "drill: $*" >&2; exit 2; }

[[ "${DATABASE_URL:-}" =~ ^postgres(ql)?:// ]] ||
    die "DATABASE_URL must name the PostgreSQL database to back up (postgres://…); got '${DATABASE_URL:-}'"
for program in pg_dump pg_restore psql tar sha256sum; do
    command -v "$program" >/dev/null || die "$program is not installed"
done

DATA_DIR="${SAMVERKA_DATA_DIR:-$ROOT/data}"
MEDIA_ROOT="${SAMVERKA_MEDIA_ROOT:-$DATA_DIR/media}"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/samverka-drill.XXXXXX")"
BACKUP_DIR="${BACKUP_DIR:-$SCRATCH/backup}"
mkdir -p "$BACKUP_DIR" "$SCRATCH/media"

# The URL of a database of the same server, and the database's name (urllib, not sed: passwords
# may hold any character).
url_with_db() {
    "$PYTHON" - "$1" "$2" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit
parts = urlsplit(sys.argv[1])
print(urlunsplit(parts._replace(path="/" + sys.argv[2])))
PY
}
SOURCE_DB="$("$PYTHON" -c 'import sys; from urllib.parse import urlsplit; print(urlsplit(sys.argv[1]).path.lstrip("/"))' "$DATABASE_URL")"
[ -n "$SOURCE_DB" ] || die "DATABASE_URL names no database"
DRILL_DB="${SOURCE_DB}_drill_$$"
DRILL_URL="$(url_with_db "$DATABASE_URL" "$DRILL_DB")"
# Where CREATE/DROP DATABASE run (any other database of the server).
ADMIN_URL="$(url_with_db "$DATABASE_URL" "${DRILL_ADMIN_DB:-postgres}")"
# Row-level security: count every municipality's rows, as samverka's own commands do.
export PGOPTIONS="${PGOPTIONS:-} -c samverka.scope=all"

cleanup() {
    if [ "${DRILL_KEEP:-0}" = 1 ]; then
        echo "drill: kept database $DRILL_DB and $SCRATCH"
        return
    fi
    psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$DRILL_DB\"" >/dev/null 2>&1 || true
    rm -rf "$SCRATCH"
}
trap cleanup EXIT

echo "== backup of $SOURCE_DB and $MEDIA_ROOT"
pg_dump --format=custom --no-owner --file "$BACKUP_DIR/samverka.dump" "$DATABASE_URL"
if [ -d "$MEDIA_ROOT" ]; then
    tar -czf "$BACKUP_DIR/media.tar.gz" -C "$MEDIA_ROOT" .
else
    tar -czf "$BACKUP_DIR/media.tar.gz" --files-from /dev/null
fi
ls -l "$BACKUP_DIR"

echo "== restore into $DRILL_DB"
psql -q -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "CREATE DATABASE \"$DRILL_DB\"" >/dev/null
pg_restore --exit-on-error --no-owner --dbname "$DRILL_URL" "$BACKUP_DIR/samverka.dump"
tar -xzf "$BACKUP_DIR/media.tar.gz" -C "$SCRATCH/media"
# A drill of the drill: SQL run on the restored copy to see that the comparison notices.
if [ -n "${DRILL_AFTER_RESTORE_SQL:-}" ]; then
    psql -q -v ON_ERROR_STOP=1 "$DRILL_URL" -c "$DRILL_AFTER_RESTORE_SQL" >/dev/null
fi

# The row count of every table, one "table count" line each.
row_counts() {
    psql -qAtX -v ON_ERROR_STOP=1 "$1" -c "
        SELECT format('%s %s', table_name, (xpath('/row/n/text()', query_to_xml(
            format('SELECT count(*) AS n FROM %I.%I', table_schema, table_name),
            false, true, '')))[1]::text)
        FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        ORDER BY table_name"
}

# What samverka itself makes of a database: /health/ready, and the adopted lägesbilder.
app_view() {
    DATABASE_URL="$1" "$PYTHON" - <<'PY'
import hashlib, json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.conf import settings
from django.test import Client
from samverka.situation.models import SituationReport
from samverka.situation.selectors import figures_for

host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost").lstrip(".")
response = Client(raise_request_exception=False).get(
    "/health/ready", secure=settings.SECURE_SSL_REDIRECT, HTTP_HOST=host
)
print("health_ready", response.status_code)
for report in SituationReport.objects.adopted().order_by("pk"):
    stored = json.dumps(report.snapshot, sort_keys=True, ensure_ascii=False)
    shown = repr(figures_for(report))
    print(
        "lagesbild", report.pk, report.municipality.slug, report.period_start, report.version,
        "stored", hashlib.sha256(stored.encode()).hexdigest()[:16],
        "shown", hashlib.sha256(shown.encode()).hexdigest()[:16],
    )
PY
}

media_sums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }

# The uploaded files kept in the database: "checksum size name" per file (none before the table
# exists, in a database of an older release).
stored_file_sums() {
    if [ "$(psql -qAtX -v ON_ERROR_STOP=1 "$1" -c "SELECT to_regclass('files_storedfile') IS NOT NULL")" = t ]; then
        psql -qAtX -v ON_ERROR_STOP=1 "$1" -c "
            SELECT format('%s %s %s', encode(sha256(content), 'hex'), size, name)
            FROM files_storedfile ORDER BY name"
    fi
}

echo "== samverka on the restored database"
DATABASE_URL="$DRILL_URL" "$SAMVERKA" check >/dev/null
DATABASE_URL="$DRILL_URL" "$SAMVERKA" migrate --check >/dev/null ||
    { echo "drill: the restored database lacks migrations the code has" >&2; exit 1; }

echo "== comparing"
row_counts "$DATABASE_URL" >"$SCRATCH/rows.original"
row_counts "$DRILL_URL" >"$SCRATCH/rows.restored"
app_view "$DATABASE_URL" >"$SCRATCH/app.original"
app_view "$DRILL_URL" >"$SCRATCH/app.restored"
if [ -d "$MEDIA_ROOT" ]; then media_sums "$MEDIA_ROOT"; fi >"$SCRATCH/media.original"
media_sums "$SCRATCH/media" >"$SCRATCH/media.restored"
stored_file_sums "$DATABASE_URL" >"$SCRATCH/stored.original"
stored_file_sums "$DRILL_URL" >"$SCRATCH/stored.restored"

status=0
compare() {  # what, original, restored
    if diff -u --label "original $1" --label "restored $1" "$2" "$3"; then
        echo "ok   $1: identical"
    else
        echo "FAIL $1 differ (above)"
        status=1
    fi
}
compare "row counts" "$SCRATCH/rows.original" "$SCRATCH/rows.restored"
compare "app view (readiness, adopted lägesbilder)" "$SCRATCH/app.original" "$SCRATCH/app.restored"
compare "media files" "$SCRATCH/media.original" "$SCRATCH/media.restored"
compare "files in the database" "$SCRATCH/stored.original" "$SCRATCH/stored.restored"
if ! grep -qx "health_ready 200" "$SCRATCH/app.restored"; then
    echo "FAIL /health/ready on the restored database: $(grep health_ready "$SCRATCH/app.restored")"
    status=1
fi

tables=$(wc -l <"$SCRATCH/rows.original")
rows=$(awk '{s += $2} END {print s + 0}' "$SCRATCH/rows.original")
reports=$(grep -c '^lagesbild' "$SCRATCH/app.original" || true)
files=$(wc -l <"$SCRATCH/media.original")
stored=$(wc -l <"$SCRATCH/stored.original")
echo "== summary: $tables tables, $rows rows, $reports adopted lägesbilder, $files media files," \
    "$stored files in the database;" \
    "backup $(du -sh "$BACKUP_DIR" | cut -f1); $([ $status = 0 ] && echo PASSED || echo FAILED)"
exit $status
