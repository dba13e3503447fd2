#!/usr/bin/env bash
# What the test command needs beyond the JDK and Maven, installed with Debian's apt-get when missing:
#   deploy/apt-install.sh <what it is for> <command>=<package> …
# Each command missing from the PATH has its package installed, as root or with password-less sudo;
# where neither is possible, it fails saying what to install (the tests that need it are never skipped).
set -euo pipefail
purpose="$1"; shift
missing=()
for pair in "$@"; do command -v "${pair%%=*}" >/dev/null || missing+=("${pair#*=}"); done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "apt-install: installing ${missing[*]} for $purpose"
if ! command -v apt-get >/dev/null; then
  echo "apt-install: no apt-get here. Install ${missing[*]} (on the PATH), then run the tests again." >&2
  exit 1
fi
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "apt-install: not root and no password-less sudo. Run" \
    "'sudo apt-get install ${missing[*]}', then the tests again." >&2
  exit 1
fi
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
for pair in "$@"; do command -v "${pair%%=*}" >/dev/null; done
