#!/bin/sh
# Builds an availgen site and copies it to a web server with rsync: the plain recipe
# for any host that serves static files.
#
#   BASE_URL=https://docs.example.org/availability/ \
#   DEST=deploy@docs.example.org:/var/www/availability/ \
#   docs/publish/rsync.sh [SITE_ROOT]
#
# BASE_URL is where DEST is served; SITE_ROOT (default: .) holds availgen.toml.
set -eu
root=${1:-.}
: "${BASE_URL:?set BASE_URL to the URL the site is served at}"
: "${DEST:?set DEST to the rsync destination, e.g. user@host:/var/www/availability/}"

availgen build --root "$root" --base-url "$BASE_URL" --out "$root/public"

# The trailing / copies what public/ holds, not the folder itself. --delete removes
# pages the site no longer has (a country renamed, a locale unpublished).
rsync --recursive --times --compress --delete "$root/public/" "$DEST"

# Object storage instead of a server: the same with the provider's sync command, e.g.
#   aws s3 sync "$root/public/" s3://BUCKET/availability/ --delete
#   gcloud storage rsync --recursive --delete-unmatched-destination-objects "$root/public" gs://BUCKET/availability
#   az storage blob sync --source "$root/public" --container '$web' --delete-destination true
