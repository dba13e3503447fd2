#!/usr/bin/env bash
# The console's browser tests (ConsoleIT) drive Debian's Chromium through its chromedriver,
# headless. The build runs this before the integration tests: it installs both when either is
# missing, and fails with what to do when it cannot (the tests are never skipped).
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
echo "install-browser: installing Debian's chromium and chromium-driver for the console's browser tests"
if ! command -v apt-get >/dev/null; then
  echo "install-browser: no apt-get here. Install Chromium and its chromedriver, both on PATH as" \
    "'chromium' and 'chromedriver', then run the tests again." >&2
  exit 1
fi
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "install-browser: not root and no password-less sudo. Run" \
    "'sudo apt-get install chromium chromium-driver', then the tests again." >&2
  exit 1
fi
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver
command -v chromium >/dev/null && command -v chromedriver >/dev/null
