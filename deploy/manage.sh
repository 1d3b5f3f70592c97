#!/usr/bin/env bash
# Run a manage.py command with the production environment, as the crontab and the README's
# upgrade steps do: `deploy/manage.sh migrate --noinput`.
#
# Environment: PORTAIL_ENV_FILE, the environment file (default /etc/portail/env);
# PYTHON, the portal's Python (default: the repository's .venv/bin/python).
set -euo pipefail
set -a
# shellcheck disable=SC1090
. "${PORTAIL_ENV_FILE:-/etc/portail/env}"
set +a
cd "$(dirname "$0")/.."
exec "${PYTHON:-.venv/bin/python}" manage.py "$@"
