#!/bin/sh
# Renders an HTML report in headless Chromium (Debian `chromium`) and writes a PNG, to look at
# the page the way a reader will. Usage: scripts/report/screenshot.sh report.html out.png [width height]
set -eu
html=$1 png=$2 width=${3:-1400} height=${4:-2400}
command -v chromium >/dev/null || { echo "chromium is not installed (apt-get install -y chromium)" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$profile" \
  --screenshot="$png" --window-size="$width,$height" "file://$(realpath "$html")" 2>/dev/null
ls -l "$png"
