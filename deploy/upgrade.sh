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
fi
# The marker comes after pip: an install that failed (the network, a full disk) is done again by the
# next run, never taken for finished because the folder exists.
install_release() {
    if [ ! -e "$1/.venv/.installed" ]; then
        python3 -m venv "$1/.venv"
        "$1/.venv/bin/pip" install --quiet -r "$1/requirements.txt"
        touch "$1/.venv/.installed"
    fi
}
install_release "$new"
echo "${new##*/}" > "$new/REVISION"

# The environment file as systemd's EnvironmentFile= reads it, which the services get: NAME=value
# lines, the value taken literally (a `$` or a backtick in a password stays as it is; sourced with sh
# it would be expanded, or run), one pair of surrounding quotes taken off; `#` and `;` lines skipped.
read_environment() {
    local line name value
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line#"${line%%[![:space:]]*}"}
        case $line in '' | '#'* | ';'*) continue ;; esac
        name=${line%%=*}
        value=${line#*=}
        name=${name%"${name##*[![:space:]]}"}
        value=${value#"${value%%[![:space:]]*}"}
        value=${value%"${value##*[![:space:]]}"}
        [[ $line == *=* && $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
        case $value in
            \"*\" | \'*\') value=${value:1:${#value}-2} ;;
        esac
        export "$name=$value"
    done < "$1"
}
read_environment "$environment"
cd "$new"
: "${STATIC_ROOT:?set STATIC_ROOT in $environment: one folder shared by the releases}"
.venv/bin/python manage.py check --deploy --fail-level WARNING
# Into the new release only: the old one keeps its own catalogue until it stops.
.venv/bin/python manage.py compilemessages --verbosity 0 --ignore ".venv/*"
# The shared STATIC_ROOT gains the new files and loses none a release still here names: a page the old
# release renders during the switch (and Varnish and the page cache keep its pages 10 minutes) still
# finds its hashed CSS, and so does the old release after a rollback. The manifest goes into the
# release's own folder (STATIC_MANIFEST_ROOT=., read by every unit from the same environment file):
# the one the serving release's workers read is never rewritten, and a worker it starts mid-upgrade
# (a timed-out one replaced, a crash) names its own files.
[ "${STATIC_MANIFEST_ROOT:-}" = . ] || {
    echo "set STATIC_MANIFEST_ROOT=. in $environment: each release reads the manifest in its own folder" >&2
    exit 1
}
serving=$(readlink -f "$root/current" || true)
if [ -d "$serving" ] && [ ! -e "$serving/staticfiles.json" ] && [ -e "$STATIC_ROOT/staticfiles.json" ]; then
    cp "$STATIC_ROOT/staticfiles.json" "$serving/staticfiles.json"   # installed before releases kept theirs
fi
STATIC_MANIFEST_ROOT=$new .venv/bin/python manage.py collectstatic --noinput --verbosity 0
# A release older than STATIC_MANIFEST_ROOT (a rollback to one) wrote the shared manifest, which it reads.
[ -e "$new/staticfiles.json" ] || cp "$STATIC_ROOT/staticfiles.json" "$new/staticfiles.json"
prune_static() {
    python3 - "$1" "$2" <<'PYTHON'
import json, re, sys
from pathlib import Path

static, releases = Path(sys.argv[1]), Path(sys.argv[2])
# Each release's own manifest, and the shared one a release older than STATIC_MANIFEST_ROOT reads.
manifests = [*releases.glob("*/staticfiles.json")]
if (static / "staticfiles.json").exists():
    manifests.append(static / "staticfiles.json")
named = set()
for manifest in manifests:
    for original, hashed in json.loads(manifest.read_text())["paths"].items():
        named |= {name + suffix for name in (original, hashed) for suffix in ("", ".gz", ".br")}
# Django's hashed names: name.<12 hex digits>.ext (compressed: .gz, .br after it). Others are left be.
hashed_name = re.compile(r"\.[0-9a-f]{12}\.[^/]+$")
for path in static.rglob("*"):
    name = path.relative_to(static).as_posix()
    if path.is_file() and hashed_name.search(name) and name not in named:
        path.unlink()
PYTHON
}
prune_static "$STATIC_ROOT" "$root/releases"

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
ready() {
    # The token goes to curl on its stdin (-K -), never on its command line, which any user sees in ps.
    if [ -n "${METRICS_TOKEN:-}" ]; then
        printf 'header = "Authorization: Bearer %s"\n' "$METRICS_TOKEN"
    fi | curl -sS --max-time 5 -K - "$readyz" 2>/dev/null | python3 -c '
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
