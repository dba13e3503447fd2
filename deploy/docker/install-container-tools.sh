#!/usr/bin/env bash
# The deployment rehearsal (deploy/k8s's DeploymentRehearsalIT) builds payhook's images and runs them
# with podman (and runc), on a Java base image built from Debian's packages with mmdebstrap. The
# rehearsal runs this first: it installs what is missing, and fails saying what to install when it
# cannot (the rehearsal is never skipped).
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh" "the deployment rehearsal" \
  podman=podman runc=runc mmdebstrap=mmdebstrap
