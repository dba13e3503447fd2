#!/usr/bin/env bash
# Prints the Kubernetes Job that runs the replay command (deploy/RUNBOOK.md) inside the cluster, as the
# Kafka user payhook-replay. Dry run unless --execute:
#   deploy/k8s/replay-job.sh processor --from 2026-11-20T09:30:00Z | kubectl -n payhook apply -f -
#   kubectl -n payhook logs -f job/payhook-replay-processor; kubectl -n payhook delete job payhook-replay-processor
# Options: --execute, --image <image> (default ghcr.io/payhook/replay:0.1.0).
set -euo pipefail
usage() { echo "usage: $0 processor|reconciler --from earliest|<ISO-8601 instant> [--execute] [--image image]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
application="$1"; shift
[[ "$application" == processor || "$application" == reconciler ]] || usage
from=""; execute=""; image="ghcr.io/payhook/replay:0.1.0"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --from) [[ $# -ge 2 ]] || usage; from="$2"; shift 2 ;;
    --execute) execute=1; shift ;;
    --image) [[ $# -ge 2 ]] || usage; image="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ "$from" =~ ^(earliest|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z)$ ]] || usage
cat <<YAML
apiVersion: batch/v1
kind: Job
metadata:
  name: payhook-replay-${application}
  labels:
    app.kubernetes.io/part-of: payhook
    app.kubernetes.io/name: payhook-replay
spec:
  backoffLimit: 0
  ttlSecondsAfterFinished: 86400
  template:
    metadata:
      labels:
        # The brokers' listener admits payhook's pods only.
        app.kubernetes.io/part-of: payhook
        app.kubernetes.io/name: payhook-replay
    spec:
      restartPolicy: Never
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: replay
          image: ${image}
          args:
            - ${application}
            - --from
            - "${from}"
            - --bootstrap-servers
            - payhook-kafka-kafka-bootstrap:9093
            - --command-config
            - /etc/payhook/replay/client.properties
$( [[ -n "$execute" ]] && echo "            - --execute" )
          resources:
            requests: {cpu: 100m, memory: 256Mi}
            limits: {memory: 256Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
          volumeMounts:
            - {name: client, mountPath: /etc/payhook/replay, readOnly: true}
            - {name: kafka-user, mountPath: /etc/payhook/kafka-user, readOnly: true}
            - {name: kafka-ca, mountPath: /etc/payhook/kafka-ca, readOnly: true}
      volumes:
        - name: client
          configMap:
            name: payhook-replay-client
        - name: kafka-user
          secret:
            secretName: payhook-replay
        - name: kafka-ca
          secret:
            secretName: payhook-kafka-cluster-ca-cert
            items:
              - {key: ca.crt, path: ca.crt}
YAML
