#!/usr/bin/env bash
# The console's browser tests (ConsoleIT) drive Debian's Chromium through its chromedriver,
# headless. The build runs this before the integration tests: it installs both when either is
# missing, and fails with what to do when it cannot (the tests are never skipped).
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/../deploy/apt-install.sh" "the console's browser tests" \
  chromium=chromium chromedriver=chromium-driver
