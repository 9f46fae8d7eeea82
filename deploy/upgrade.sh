#!/usr/bin/env bash
# Install release REF beside the one serving and switch to it (README, "The production recipe"):
#
#   deploy/upgrade.sh REF                 # one server, or the first of several: migrates
#   deploy/upgrade.sh --no-migrate REF    # every further server: drained, no migrate
#
# REF: a tag, a commit, or origin/main (fetched first; a local branch name would not move).
# Run as root on the application server, from any folder. The old release serves throughout: the new one
# is built in a folder of its own, its migrations run while the old code serves (the migration rule,
# README; `make lint` checks it), and the restart happens behind systemd's socket, so requests wait
# instead of being refused. Paths are the README's layout; NEWSROOM_ROOT and NEWSROOM_ENVIRONMENT
# change them.
set -euo pipefail

migrate=1
if [ "${1:-}" = "--no-migrate" ]; then
    migrate=0
    shift
fi
[ $# -eq 1 ] || { echo "usage: $0 [--no-migrate] REF" >&2; exit 2; }
root=${NEWSROOM_ROOT:-/srv/newsroom}
environment=${NEWSROOM_ENVIRONMENT:-/etc/newsroom/environment}

git -C "$root/repo" fetch --quiet --tags origin
new=$root/releases/$(git -C "$root/repo" rev-parse --short=12 "$1^{commit}")
if [ ! -d "$new" ]; then
    git -C "$root/repo" worktree add --quiet --detach "$new" "$1"
    python3 -m venv "$new/.venv"
    "$new/.venv/bin/pip" install --quiet -r "$new/requirements.txt"
fi
echo "${new##*/}" > "$new/REVISION"

cd "$new"
set -a
# shellcheck disable=SC1090
. "$environment"
set +a
: "${STATIC_ROOT:?set STATIC_ROOT in $environment: one folder shared by the releases}"
.venv/bin/python manage.py check --deploy --fail-level WARNING
# Into the new release only: the old one keeps its own catalogue until it stops.
.venv/bin/python manage.py compilemessages --verbosity 0 --ignore ".venv/*"
# The shared STATIC_ROOT gains the new files and loses none: a page the old release renders during the
# switch still finds its hashed CSS. Hashed files no release has named for 30 days go.
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
.venv/bin/python - "$STATIC_ROOT" <<'PYTHON'
import json, os, sys
from pathlib import Path

root = Path(sys.argv[1])
for name in json.loads((root / "staticfiles.json").read_text())["paths"].values():
    for suffix in ("", ".gz", ".br"):
        if (root / (name + suffix)).exists():
            os.utime(root / (name + suffix))
PYTHON
find "$STATIC_ROOT" -type f -mtime +30 -name '*.*.*' -delete

drain=${READYZ_DRAIN_FILE:-/run/newsroom-web/drain}
if [ "$migrate" = 1 ]; then
    # Expand-only migrations (the rule): the old release keeps working on the new schema.
    .venv/bin/python manage.py migrate --noinput
else
    # Another server ran the migrations. Take this one out of the balancers first: /readyz answers 503
    # and Varnish's probe (every 5 s, 2 of 3 failing) and an outer balancer stop sending within 10 s.
    touch "$drain"
    sleep 12
fi

ln -sfn "$new" "$root/current.tmp" && mv -T "$root/current.tmp" "$root/current"
# The socket stays open: requests wait in its backlog while the new workers start; none is refused.
systemctl restart newsroom-web newsroom-worker newsroom-worker-images

# The new release's own probe. A drained server still answers 503 for the drain file, so read the details
# (shown to this machine, or with the metrics token) and wait for the database and the migrations.
readyz=${NEWSROOM_READYZ_URL:-http://127.0.0.1:8000/readyz}   # newsroom-web.socket's ListenStream
auth=()
if [ -n "${METRICS_TOKEN:-}" ]; then
    auth=(-H "Authorization: Bearer $METRICS_TOKEN")
fi
ready() {
    curl -sS --max-time 5 "${auth[@]}" "$readyz" 2>/dev/null | python3 -c '
import json, sys
checks = json.load(sys.stdin).get("checks", {})
sys.exit(not checks or not all(checks[name]["ok"] for name in ("database", "migrations")))' 2>/dev/null
}
for _ in $(seq 30); do
    ready && break
    sleep 1
done
if ! ready; then
    echo "$new does not answer /readyz as ready after 30 s; roll back (README, \"The production recipe\")" >&2
    [ "$migrate" = 1 ] || echo "this server stays drained ($drain)" >&2
    exit 1
fi
[ "$migrate" = 1 ] || rm -f "$drain"
# Templates may have changed: Varnish forgets every page it kept (README, "Varnish in front").
if command -v varnishadm >/dev/null && ! varnishadm ban req.url '~' .; then
    echo "Varnish did not take the ban: pages it keeps may show the old templates until they expire" >&2
fi
echo "serving $new"
