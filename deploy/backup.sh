#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump custom format) and, when media
# files are on local disk, an archive of them. Old backups are deleted.
#
# Environment:
#   DATABASE_URL      the portal's database, postgres://user[:password]@host:port/name (required)
#   BACKUP_DIR        where backups are written (required; created if missing)
#   BACKUP_KEEP_DAYS  backups older than this many days are deleted (default 14)
#   MEDIA_DIR         media folder to archive (default: PORTAL_MEDIA_ROOT, else the
#                     repository's media/); skipped when PORTAL_S3_BUCKET is set (the
#                     object storage keeps the files: back it up with its own versioning)
#
# Writes BACKUP_DIR/portal-<UTC date>.dump and BACKUP_DIR/media-<UTC date>.tar.gz, each
# under a temporary name first: a file with its final name is complete. Prints the dump's
# path on the last line. Restore with deploy/restore.sh.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${BACKUP_DIR:?BACKUP_DIR is not set}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
repo_dir="$(cd "$(dirname "$0")/.." && pwd)"
media_dir="${MEDIA_DIR:-${PORTAL_MEDIA_ROOT:-$repo_dir/media}}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

mkdir -p "$BACKUP_DIR"
umask 077   # the dump holds personal data: readable by this user only

dump="$BACKUP_DIR/portal-$stamp.dump"
media="$BACKUP_DIR/media-$stamp.tar.gz"
# A failed run leaves no partial file behind.
trap 'rm -f "$dump.part" "$media.part"' EXIT
# The cache table's rows (rate-limit counters, cached pages) are not worth restoring:
# its definition is kept, its data left out.
pg_dump --format=custom --no-owner --no-acl --exclude-table-data=portal_cache \
  --file="$dump.part" --dbname="$DATABASE_URL"
mv "$dump.part" "$dump"
echo "database: $dump ($(du -h "$dump" | cut -f1))"

if [ -n "${PORTAL_S3_BUCKET:-}" ]; then
  echo "media: on object storage (PORTAL_S3_BUCKET), not archived here"
elif [ -d "$media_dir" ]; then
  tar -C "$media_dir" -czf "$media.part" .
  mv "$media.part" "$media"
  echo "media: $media ($(du -h "$media" | cut -f1))"
else
  echo "media: no folder $media_dir, nothing to archive"
fi

# Retention: only our own file names, never anything else in BACKUP_DIR.
find "$BACKUP_DIR" -maxdepth 1 -type f \
  \( -name 'portal-*.dump' -o -name 'media-*.tar.gz' -o -name '*.part' \) \
  -mtime "+$keep_days" -print -delete | sed 's/^/deleted: /'

echo "$dump"
