#!/usr/bin/env bash
# Builds the container images of payhook: payhook/{ingress,processor,reconciler,collector,replay}:<tag>.
#   deploy/docker/images.sh [--local-base] [--prebuilt] [tag] [module...]     (default tag: dev)
# With Docker or podman, whichever is installed (podman as root runs with runc: see RUNBOOK).
# --local-base: build on a Debian JRE base made from Debian's packages (debian-jre-base.sh), for
# machines with no registry access; the default base is eclipse-temurin:25-jre.
# --prebuilt: the jars are built already (mvn package ran); modules: only these (default: all five).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
local_base=0
prebuilt=0
while [[ "${1:-}" == --* ]]; do
  case "$1" in
    --local-base) local_base=1 ;;
    --prebuilt) prebuilt=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
TAG="${1:-dev}"
[[ $# -gt 0 ]] && shift
if [[ $# -gt 0 ]]; then modules=("$@"); else modules=(ingress processor reconciler collector tools/replay); fi
if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  engine=(docker)
elif command -v podman >/dev/null; then
  engine=(podman)
  # runc and no default ulimits: what works in unprivileged sandboxes too (containers.conf).
  export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/deploy/docker/containers.conf}"
else
  echo "no Docker engine and no podman: install one (apt-get install podman runc)" >&2
  exit 1
fi
base=(--build-arg BASE_IMAGE=eclipse-temurin:25-jre)
if [[ $local_base -eq 1 ]]; then
  base=(--build-arg BASE_IMAGE="$("$ROOT/deploy/docker/debian-jre-base.sh")")
fi
[[ $prebuilt -eq 1 ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
for module in "${modules[@]}"; do
  name="payhook/$(basename "$module"):$TAG"
  echo "building $name"
  "${engine[@]}" build -q -f "$ROOT/deploy/docker/Dockerfile" "${base[@]}" --build-arg MODULE="$module" -t "$name" "$ROOT"
done
