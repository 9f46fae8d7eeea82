#!/bin/sh
# The nightly backup (README, "Backups and restore"): newsroom-backup.timer starts
# newsroom-backup.service, which runs this as the site's user with /etc/newsroom/environment loaded
# (the database and the media storage, as gunicorn has them).
#
#   deploy/backup.sh               from the release that holds this file (/srv/newsroom/current)
#
# Each run makes one folder <UTC time>-<release>/ under NEWSROOM_BACKUPS (/var/backups/newsroom),
# then deletes the oldest finished backups (folders with a manifest.json) beyond NEWSROOM_BACKUPS_KEEP
# (14). A folder without a manifest is an unfinished backup (a run killed mid-way): left for the
# operator to look at, never counted.
set -eu
# Backups hold embargoed articles and unpublished pictures: nobody but their owner reads them.
umask 077

backups=${NEWSROOM_BACKUPS:-/var/backups/newsroom}
keep=${NEWSROOM_BACKUPS_KEEP:-14}

cd "$(dirname "$0")/.."
mkdir -p "$backups"
chmod 700 "$backups"
.venv/bin/python manage.py make_backup "$backups"

# Folder names begin with the UTC time: their order is their age.
find "$backups" -mindepth 2 -maxdepth 2 -name manifest.json -printf '%h\n' | sort -r | tail -n "+$((keep + 1))" |
    while read -r folder; do
        rm -rf -- "$folder"
    done
