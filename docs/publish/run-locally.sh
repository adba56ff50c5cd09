#!/usr/bin/env bash
# Runs the commands of the publishing recipes in this folder, as they are written, on
# scratch sites made by `availgen init`, and checks what each would publish; .ci/run
# runs it, so that the files the README tells people to copy cannot rot.
#
#   docs/publish/run-locally.sh        (availgen from $AVAILGEN, else from PATH)
#
# - github-pages.yml: every `run:` of the build job, in order, as one bash script
#   (`bash -e -o pipefail`, as Actions runs them), with BASE_URL set the way
#   actions/configure-pages gives it; then the directory upload-pages-artifact uploads
#   must hold the site.
# - gitlab-ci.yml: every `script:` line of the pages job, with CI_PAGES_URL set the way
#   GitLab gives it; then the artifacts' path must hold the site.
# - rsync.sh: into a local directory, which must then hold the site.
# "Holds the site": the language chooser, a country page, and sitemaps whose URLs start
# with the base URL. availgen is on PATH, so each install line (`command -v availgen ||
# cargo install ...`) installs nothing. Keep a `run:` step or `script:` item on one line
# or in a `run: |` block: those are the forms read here.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
availgen=${AVAILGEN:-$(command -v availgen || true)}
[ -n "$availgen" ] && [ -x "$availgen" ] || {
  echo "run-locally.sh: no availgen binary: set AVAILGEN or put availgen on PATH" >&2; exit 127; }
command -v rsync >/dev/null || { echo "run-locally.sh: rsync is not installed (apt-get install rsync)" >&2; exit 127; }
availgen=$(cd "$(dirname "$availgen")" && pwd -P)/$(basename "$availgen")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$availgen" "$work/bin/availgen"
export PATH="$work/bin:$PATH"

# The commands of every `run:` of a GitHub Actions workflow, in order: `run: CMD` on one
# line, or a `run: |` block (its lines, less the block's indentation).
github_runs() {
  awk '
    function indent(s) { match(s, /^ */); return RLENGTH }
    block && /^ *$/ { print ""; next }
    block && indent($0) > key { if (!strip) strip = indent($0); print substr($0, strip + 1); next }
    { block = 0 }
    /^ *(- )?run: *[|>]-? *$/ { block = 1; strip = 0; key = index($0, "run:") - 1; next }
    /^ *(- )?run: / { sub(/^ *(- )?run: */, ""); print }
  ' "$1"
}

# The items of every `script:` list of a GitLab CI file, in order.
gitlab_scripts() {
  awk '
    function indent(s) { match(s, /^ */); return RLENGTH }
    /^ *script: *$/ { list = 1; key = indent($0); next }
    list && /^ *(#.*)?$/ { next }
    list && /^ *- / && indent($0) >= key { sub(/^ *- /, ""); print; next }
    { list = 0 }
  '  "$1"
}

# The value of the first `KEY:` (one line), or of the first item of its list.
first_value() {
  awk -v key="$2" '
    $0 ~ "^ *" key ": *[^ ]" { sub("^ *" key ": *", ""); print; exit }
    $0 ~ "^ *" key ": *$" { list = 1; next }
    list && /^ *- / { sub(/^ *- */, ""); print; exit }
  ' "$1"
}

# Fails unless DIR holds the site with sitemaps under BASE_URL.
holds_site() {
  local dir=$1 base=$2 what=$3
  for f in index.html en-us/index.html en-us/availability-in-canada/index.html en-us/availability.xlsx; do
    [ -f "$dir/$f" ] || { echo "$what: $dir has no $f" >&2; return 1; }
  done
  grep -q "<loc>${base}en-us/sitemap.xml</loc>" "$dir/sitemap.xml" ||
    { echo "$what: sitemap.xml does not list ${base}en-us/sitemap.xml" >&2; return 1; }
  grep -q "<loc>${base}en-us/availability-in-canada/</loc>" "$dir/en-us/sitemap.xml" ||
    { echo "$what: en-us/sitemap.xml has no absolute URL under $base" >&2; return 1; }
  echo "$what: OK ($(find "$dir" -type f | wc -l) files, sitemaps under $base)"
}

# Runs COMMANDS (a file) with bash in a new site made by `availgen init`, with the
# environment given as NAME=VALUE arguments.
run_in_new_site() {
  local site=$1 commands=$2; shift 2
  availgen init "$site" >/dev/null
  [ -s "$commands" ] || { echo "no commands found in $commands" >&2; return 1; }
  (cd "$site" && env "$@" bash -e -o pipefail "$commands")
}

echo "== github-pages.yml"
github_runs "$here/github-pages.yml" > "$work/github.sh"
sed 's/^/  | /' "$work/github.sh"
run_in_new_site "$work/github" "$work/github.sh" BASE_URL=https://owner.github.io/site
holds_site "$work/github/$(first_value "$here/github-pages.yml" path)" https://owner.github.io/site/ github-pages.yml

echo "== gitlab-ci.yml"
gitlab_scripts "$here/gitlab-ci.yml" > "$work/gitlab.sh"
sed 's/^/  | /' "$work/gitlab.sh"
run_in_new_site "$work/gitlab" "$work/gitlab.sh" CI_PAGES_URL=https://group.gitlab.io/site
holds_site "$work/gitlab/$(first_value "$here/gitlab-ci.yml" paths)" https://group.gitlab.io/site/ gitlab-ci.yml

echo "== rsync.sh"
availgen init "$work/plain" >/dev/null
BASE_URL=https://docs.example.org/availability/ DEST="$work/www/" sh "$here/rsync.sh" "$work/plain"
holds_site "$work/www" https://docs.example.org/availability/ rsync.sh

echo "publish recipes: all three ran and published the site"
