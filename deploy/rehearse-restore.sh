#!/usr/bin/env bash
# Rehearse a restore without touching the live site: back up (or take a given backup),
# restore it into a scratch database and media folder, serve the live database and the
# restored one with gunicorn side by side on loopback, and check that the same pages
# answer 200 with the same content (deploy/compare_sites.py). Everything made here is
# removed at the end. Run it as the portal's user, with the production environment loaded
# (README, "Sauvegardes").
#
#   deploy/rehearse-restore.sh [DUMP [MEDIA_ARCHIVE]]
#
# Environment: the portal's own (DJANGO_SETTINGS_MODULE, DATABASE_URL, SECRET_KEY, ...), and
#   REHEARSAL_PORT   first of the two loopback ports used (default 8766; also +1)
#   REHEARSAL_PATHS  paths to compare, separated by spaces (default: the main public pages)
#   PYTHON           the portal's Python (default: the repository's .venv/bin/python)
# The scratch database is <live name>_rehearsal on the same server (the database user needs
# CREATEDB). Exit status 0 when every page matches.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set}"
repo_dir="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo_dir"
python="${PYTHON:-$repo_dir/.venv/bin/python}"
gunicorn="$(dirname "$python")/gunicorn"
port_a="${REHEARSAL_PORT:-8766}"
port_b=$((port_a + 1))
paths="${REHEARSAL_PATHS:-/ /carte/ /carte/geojson/ /consultation/ /diagnostic/ /api/v2/ /api/v2/pages/ /carte/ajouter/ /propositions/ /sitemap.xml}"
live_media="${PORTAL_MEDIA_ROOT:-$repo_dir/media}"

work="$(mktemp -d)"
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
live_url="$DATABASE_URL"
# postgres://user@host:port/name?options -> postgres://user@host:port/name_rehearsal?options
base="${live_url%%\?*}"
query="${live_url#"$base"}"
scratch_name="${base##*/}_rehearsal"
scratch_url="${base%/*}/$scratch_name$query"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql --no-psqlrc --quiet --dbname="$live_url" \
    --command="DROP DATABASE IF EXISTS \"$scratch_name\"" || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ $# -ge 1 ]; then
  dump="$1"; media_archive="${2:-}"
else
  echo "--- backup of the live database"
  BACKUP_DIR="$work/backup" deploy/backup.sh >"$work/backup.log"
  cat "$work/backup.log"
  dump="$(tail -n 1 "$work/backup.log")"
  media_archive="$work/backup/media-${dump##*/portal-}"
  media_archive="${media_archive%.dump}.tar.gz"
  [ -e "$media_archive" ] || media_archive=""
fi

# The live copy boots while the restore runs.
"$gunicorn" -c gunicorn.conf.py portal.wsgi --bind "127.0.0.1:$port_a" --workers 2 \
  --log-level warning >"$work/live.log" 2>&1 &
pids+=($!)

echo "--- restore into the scratch database $scratch_name"
psql --no-psqlrc --quiet --dbname="$live_url" \
  --command="DROP DATABASE IF EXISTS \"$scratch_name\"" --command="CREATE DATABASE \"$scratch_name\""
DATABASE_URL="$scratch_url" MEDIA_DIR="$work/media" deploy/restore.sh "$dump" $media_archive
if [ -n "$media_archive" ]; then
  diff -r "$live_media" "$work/media" && echo "media: same files as $live_media"
fi

# The restored copy gets a cache of its own (the database cache of the scratch database),
# never the live Redis: pages cached by the live site must not stand in for restored ones.
restored_env=(env -u REDIS_URL DATABASE_URL="$scratch_url" PORTAL_MEDIA_ROOT="$work/media")
cache_table=$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$scratch_url" \
  --command="SELECT to_regclass('portal_cache') IS NOT NULL")
[ "$cache_table" = t ] || "${restored_env[@]}" "$python" manage.py createcachetable
"${restored_env[@]}" "$python" manage.py migrate --check --noinput -v0 \
  || { echo "FAIL: the restored database lacks migrations of this code"; exit 1; }

echo "--- serving the live database on :$port_a and the restored one on :$port_b"
"${restored_env[@]}" "$gunicorn" -c gunicorn.conf.py portal.wsgi --bind "127.0.0.1:$port_b" \
  --workers 2 --log-level warning >"$work/restored.log" 2>&1 &
pids+=($!)
for port in "$port_a" "$port_b"; do
  for _ in $(seq 1 60); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 1
  done
done

status=0
# shellcheck disable=SC2086  # paths are separated by spaces on purpose
"$python" deploy/compare_sites.py "http://127.0.0.1:$port_a" "http://127.0.0.1:$port_b" $paths \
  || status=1
if [ "$status" != 0 ]; then
  echo "--- gunicorn, live copy:"; cat "$work/live.log"
  echo "--- gunicorn, restored copy:"; cat "$work/restored.log"
fi
exit $status
