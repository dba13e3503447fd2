#!/usr/bin/env bash
# Builds a Java runtime base image from Debian's own packages, for machines that reach Debian's
# mirrors but no container registry: bookworm with openjdk-17-jre-headless, imported into podman
# (or Docker) as localhost/payhook/jre-base:bookworm. images.sh --local-base builds on it.
#   deploy/docker/debian-jre-base.sh            (as root, or with password-less sudo; BASE_REBUILD=1 to rebuild)
# Installs mmdebstrap with apt-get when it is missing.
set -euo pipefail
TAG="${BASE_TAG:-localhost/payhook/jre-base:bookworm}"
sudo_() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }
"$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh" "a Debian JRE base image" mmdebstrap=mmdebstrap >&2
engine="$(command -v podman || command -v docker || true)"
[[ -n "$engine" ]] || { echo "neither podman nor docker is installed: apt-get install podman runc" >&2; exit 1; }
# Built already (BASE_REBUILD=1 builds it again, with Debian's latest packages).
if [[ "${BASE_REBUILD:-0}" != 1 ]] && sudo_ "$engine" image inspect "$TAG" >/dev/null 2>&1; then
  echo "$TAG"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# --variant=apt: a minimal system with apt, plus the JRE; no recommends.
sudo_ mmdebstrap --quiet --variant=apt --include=openjdk-17-jre-headless,passwd bookworm "$work/base.tar"
sudo_ "$engine" import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  "$work/base.tar" "$TAG" >/dev/null
echo "$TAG"
