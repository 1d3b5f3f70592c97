#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh: the database dump into an empty database, the
# media archive (if given) into the media folder.
#
#   deploy/restore.sh DUMP [MEDIA_ARCHIVE]
#
# Environment:
#   DATABASE_URL  the database to restore into, postgres://user[:password]@host:port/name
#                 (required). It must exist and hold no table (createdb it first; to roll
#                 the live site back, restore into a new database and point DATABASE_URL
#                 at it, or dropdb/createdb the old one): nothing is overwritten by mistake.
#   MEDIA_DIR     where MEDIA_ARCHIVE is unpacked (default: PORTAL_MEDIA_ROOT, else the
#                 repository's media/). A non-empty folder there is kept aside as
#                 MEDIA_DIR.before-restore-<UTC date>, never deleted.
#
# The database is restored in one transaction: on any error it is left empty.
# Afterwards: `manage.py migrate` if the code is newer than the dump, and clear the cache
# (README, "Revenir en arrière").
set -euo pipefail

dump="${1:?usage: deploy/restore.sh DUMP [MEDIA_ARCHIVE]}"
media_archive="${2:-}"
: "${DATABASE_URL:?DATABASE_URL is not set}"
repo_dir="$(cd "$(dirname "$0")/.." && pwd)"
media_dir="${MEDIA_DIR:-${PORTAL_MEDIA_ROOT:-$repo_dir/media}}"

# Check both files before touching anything: a foreign file stops here (a dump cut short
# fails during the restore, which then leaves the database empty).
pg_restore --list "$dump" >/dev/null
if [ -n "$media_archive" ]; then gzip --test "$media_archive"; fi

tables=$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$DATABASE_URL" \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ]; then
  echo "restore: the target database already holds $tables tables; restore into an empty one" >&2
  exit 1
fi

pg_restore --no-owner --no-acl --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$dump"
echo "database: restored from $dump"

if [ -n "$media_archive" ]; then
  parent="$(dirname "$media_dir")"
  mkdir -p "$parent"
  staging="$(mktemp -d "$parent/.media-restore.XXXXXX")"
  tar -C "$staging" -xzf "$media_archive"
  chmod 755 "$staging"
  if [ -n "$(ls -A "$media_dir" 2>/dev/null)" ]; then
    aside="$media_dir.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$media_dir" "$aside"
    echo "media: previous folder kept as $aside"
  else
    rmdir "$media_dir" 2>/dev/null || true
  fi
  mv "$staging" "$media_dir"
  echo "media: restored into $media_dir from $media_archive"
fi
