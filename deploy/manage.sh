#!/bin/bash
# manage.py by hand in production (README, "The production recipe"): as the site's user, with the
# environment file read by systemd itself (values taken literally, as the units get them) and from the
# release serving. As root: deploy/manage.sh check_backup /var/backups/newsroom/…
# A transient unit rather than `sudo -u`: sh would expand a `$` in a password, and the process gets the
# units' user, folder and environment, nothing of the caller's shell.
set -euo pipefail
exec systemd-run --quiet --pty --wait --collect --uid=newsroom --gid=newsroom \
    -p EnvironmentFile=/etc/newsroom/environment -p WorkingDirectory=/srv/newsroom/current \
    /srv/newsroom/current/.venv/bin/python manage.py "$@"
