#!/usr/bin/env bash
# Builds the container images of payhook: payhook/{ingress,processor,reconciler,collector,replay}:<tag>.
#   deploy/docker/images.sh [tag]      (default tag: dev; needs a Docker engine)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TAG="${1:-dev}"
docker info >/dev/null 2>&1 || { echo "no Docker engine reachable: images cannot be built on this machine" >&2; exit 1; }
(cd "$ROOT" && mvn -B -q -DskipTests package)
for module in ingress processor reconciler collector tools/replay; do
  name="payhook/$(basename "$module"):$TAG"
  echo "building $name"
  docker build -f "$ROOT/deploy/docker/Dockerfile" --build-arg MODULE="$module" -t "$name" "$ROOT"
done
