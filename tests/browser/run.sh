#!/usr/bin/env bash
# Browser test of `ladder compare --format html`: renders the compare fixture (and the bundled
# handbook), opens each page in headless Chromium through playwright-core, and checks it as a
# reader would. Installs what it needs: Chromium from the system's packages (never a browser
# download), playwright-core from npm into target/browser/node. Screenshot: target/browser/.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/browser
mkdir -p "$out"

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "browser: installing chromium"
  if [ "$(id -u)" = 0 ]; then apt-get install -y chromium >/dev/null; else sudo apt-get install -y chromium >/dev/null; fi
fi
if ! command -v node >/dev/null 2>&1; then
  echo "browser: node is not installed (apt-get install -y nodejs npm)" >&2
  exit 1
fi
modules="$out/node"
if [ ! -d "$modules/node_modules/playwright-core" ]; then
  echo "browser: installing playwright-core into $modules"
  mkdir -p "$modules"
  cp tests/browser/package.json "$modules/package.json"
  (cd "$modules" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi

ladder=${LADDER:-target/debug/ladder}
[ -x "$ladder" ] || cargo build --quiet
"$ladder" compare --path fixtures/compare --format html growth > "$out/compare.html"
"$ladder" compare --path fixtures/handbook --format html platform > "$out/compare-platform.html"

NODE_PATH="$modules/node_modules" CHROMIUM="$chromium" \
  node tests/browser/compare.cjs "$out/compare.html" "$out/compare-platform.html"
