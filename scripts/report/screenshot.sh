#!/bin/sh
# Renders an HTML report in headless Chromium (Debian `chromium`) and writes a PNG, to look at the
# page the way a reader will. The one renderer of the project: the screenshot tests of KagamiReport
# and KagamiIntel run it (through Tests/KagamiTestSupport), and scripts/report/png_colours.py counts
# what was drawn. Usage: scripts/report/screenshot.sh report.html out.png [width height]
# CHROMIUM names the browser binary when it is not `chromium` on PATH.
set -eu
html=$1 png=$2 width=${3:-1400} height=${4:-2400}
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$browser" ] || { echo "chromium is not installed (apt-get install -y chromium)" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# A stuck browser must not hang a test run: 90 s is far more than a page of this size needs.
timeout 90 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$profile" \
  --screenshot="$png" --window-size="$width,$height" "file://$(realpath "$html")" 2>/dev/null
ls -l "$png"
