#!/usr/bin/env bash
# The deployment rehearsal (deploy/k8s's DeploymentRehearsalIT) builds payhook's images and runs them
# with podman (and runc), on a Java base image built from Debian's packages with mmdebstrap. The
# build runs this before the rehearsal: it installs what is missing, and fails saying what to install
# when it cannot (the rehearsal is never skipped).
set -euo pipefail
missing=()
for tool in podman runc mmdebstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "install-container-tools: installing ${missing[*]} for the deployment rehearsal"
if ! command -v apt-get >/dev/null; then
  echo "install-container-tools: no apt-get here. Install ${missing[*]}, then run the tests again." >&2
  exit 1
fi
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "install-container-tools: not root and no password-less sudo. Run" \
    "'sudo apt-get install ${missing[*]}', then the tests again." >&2
  exit 1
fi
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
for tool in "${missing[@]}"; do command -v "$tool" >/dev/null; done
