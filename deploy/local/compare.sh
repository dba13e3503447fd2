#!/usr/bin/env bash
# A benchmark side by side against a previous build, in one session on one machine: the pipeline
# (bench.sh, PipelineBench; the default), the ingress against its own HTTP stack (--bench http:
# bench-http.sh, three measured pairs per stack), or the latency goals under load (--bench load: a
# processor's cold start at 1,000/s, a 10× surge, 2,000/s steady; cold-start.sh and load.sh), or the
# pipeline over a grown state (--bench scale: bench.sh twice on one stack, --payments each time). The two
# builds alternate (A B, then B A, …), each on a fresh local stack, and the figures of every run are
# printed next to each other with their medians.
# Absolute rates differ from one machine to another; two builds measured this way do not.
#   deploy/local/compare.sh [--base <git rev>] [--runs 3] [--bench pipeline|http|load|scale] [--payments 300000]
#                           [--head-java-options '<JVM options>'] [--head-java <java binary>]
# --head-java-options runs this checkout's services with those JVM options added (PAYHOOK_JAVA_OPTIONS), the
# base's without: with --base HEAD, a setting side by side on one build. --head-java runs this checkout's
# services on another Java runtime (PAYHOOK_JAVA, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java), the base's
# on the default one.
# The base is built in a git worktree under .payhook-local/compare/ (mvn package, once per commit); this
# checkout's jars must be built (mvn -DskipTests package). Nothing else may run on the machine meanwhile.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
base=HEAD~1 runs=3 payments=300000 bench=pipeline head_java_options="" head_java=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --payments) payments="$2"; shift 2 ;;
    --bench) bench="$2"; shift 2 ;;
    --head-java-options) head_java_options="$2"; shift 2 ;;
    --head-java) head_java="$2"; shift 2 ;;
    *) echo "usage: $0 [--base <git rev>] [--runs 3] [--bench pipeline|http|load|scale] [--payments 300000] [--head-java-options '<JVM options>'] [--head-java <java binary>]" >&2; exit 2 ;;
  esac
done
sha="$(git -C "$ROOT" rev-parse --short "$base")"
head_sha="$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- . ':!*.md' || echo +changes)"
[[ -n "$head_java_options" ]] && head_sha="$head_sha+options"
if [[ -n "$head_java" ]]; then
  "$head_java" -version >/dev/null 2>&1 || { echo "--head-java $head_java does not run" >&2; exit 2; }
  head_sha="$head_sha+java$("$head_java" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p')"
fi
worktree="$ROOT/.payhook-local/compare/$sha"
out="$ROOT/.payhook-local/compare/runs-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
if [[ ! -e "$worktree/.built" ]]; then
  rm -rf "$worktree"; git -C "$ROOT" worktree prune
  git -C "$ROOT" worktree add --detach "$worktree" "$sha" >/dev/null
  echo "building $sha in $worktree"
  (cd "$worktree" && mvn -B -q -DskipTests package -pl ingress,processor,reconciler,collector -am) && touch "$worktree/.built"
fi
[[ -n "$(ls "$ROOT"/processor/target/processor-*-exec.jar 2>/dev/null)" ]] || {
  echo "this checkout is not built: mvn -B -DskipTests package" >&2; exit 1; }

# The result lines of a run's steps (<log>.<step>) as one line in <log>, each key named by its step.
one_result() {
  local log="$1"; shift
  for step in "$@"; do
    grep -a '^result ' "$log.$step" | awk -v p="${step}_" '{ for (i = 2; i <= NF; i++) $i = p $i; $1 = ""; print }'
  done | tr -d '\n' | awk 'NF == 0 { exit } { print "result" $0 }' >"$log" || true
}

# One run: a fresh stack of the given build (and JVM options), the benchmark, the stack stopped; its result line kept.
one_run() {
  local label="$1" build_root="$2" n="$3"
  export PAYHOOK_JAVA_OPTIONS="$4" PAYHOOK_JAVA="$5"
  local log="$out/$label-$n.log"
  echo "== run $n: $label"
  PAYHOOK_BUILD_ROOT="$build_root" "$ROOT/deploy/local/run.sh" --fresh --no-build >"$out/$label-$n.stack.log" 2>&1 &
  local stack=$!
  # Until run.sh says the whole stack is ready: the benchmark restarts services, and a service it
  # stops while run.sh still waits for another one makes run.sh take the stack down (it happened).
  for _ in $(seq 1 240); do
    grep -qa "ready ───" "$out/$label-$n.stack.log" && break
    kill -0 "$stack" 2>/dev/null || break
    sleep 1
  done
  if [[ $bench == http ]]; then
    # The issue's method: a minute of warm-up (both endpoints), then three measured pairs.
    "$ROOT/deploy/local/bench-http.sh" --runs 3 --warmup 30 >"$log" 2>&1 || true
  elif [[ $bench == load ]]; then
    # The latency goals, on the fresh stack after 30 s of load that warms it (not measured): the processor
    # restarted under 1,000/s (the cold start a deploy or a scale-up makes, among warm services), the surge
    # (200/s, 2,000/s for 30 s), then 2,000/s steady.
    "$ROOT/deploy/local/load.sh" --rate 1000 --seconds 30 >"$log.warm" 2>&1 || true
    PAYHOOK_BUILD_ROOT="$build_root" "$ROOT/deploy/local/cold-start.sh" --service processor --runs 1 \
      --rate 1000 --seconds 60 --window 30 >"$log.cold" 2>&1 || true
    "$ROOT/deploy/local/load.sh" --rate 200 --seconds 60 --surge-rate 2000 --surge-at 15 --surge-seconds 30 \
      >"$log.surge" 2>&1 || true
    "$ROOT/deploy/local/load.sh" --rate 2000 --seconds 60 >"$log.steady" 2>&1 || true
    one_result "$log" cold surge steady
  elif [[ $bench == scale ]]; then
    # The large-state goal: the pipeline benchmark twice on one stack, so the second run's payments and
    # lines meet the first run's state; over_rate_pct is the second run's processor rate in % of the first's.
    PAYHOOK_BUILD_ROOT="$build_root" "$ROOT/deploy/local/bench.sh" --payments "$payments" >"$log.fresh" 2>&1 || true
    PAYHOOK_BUILD_ROOT="$build_root" "$ROOT/deploy/local/bench.sh" --payments "$payments" >"$log.over" 2>&1 || true
    one_result "$log" fresh over
    awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
      v["fresh_processor_events_per_s"] > 0 && v["over_processor_events_per_s"] != "" {
        $0 = $0 sprintf(" over_rate_pct=%.0f", 100 * v["over_processor_events_per_s"] / v["fresh_processor_events_per_s"]) }
      { print }' "$log" >"$log.tmp" && mv "$log.tmp" "$log"
  else
    PAYHOOK_BUILD_ROOT="$build_root" "$ROOT/deploy/local/bench.sh" --payments "$payments" >"$log" 2>&1 || true
  fi
  grep -a '^result ' "$log" | sed "s/^result /$label run=$n /" >>"$out/results" || echo "$label run=$n failed: see $log" >>"$out/results"
  kill -TERM "$stack" 2>/dev/null || true
  wait "$stack" 2>/dev/null || true
  # The next run starts on the same ports: wait until the stack has let go of them.
  for _ in $(seq 1 60); do
    busy=0
    for port in 8080 8081 8082 9092; do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && busy=1; done
    [[ $busy -eq 0 ]] && break
    sleep 1
  done
}

for n in $(seq 1 "$runs"); do
  if (( n % 2 )); then order=("base" "head"); else order=("head" "base"); fi
  for label in "${order[@]}"; do
    if [[ $label == base ]]; then one_run "base-$sha" "$worktree" "$n" "" ""; else one_run "head-$head_sha" "$ROOT" "$n" "$head_java_options" "$head_java"; fi
  done
done

echo
what="$payments payments per run"
[[ $bench == http ]] && what="bench-http.sh --runs 3 --warmup 30 per stack (its medians)"
[[ $bench == load ]] && what="cold-start.sh --service processor, then load.sh surge and 2,000/s steady, per stack"
[[ $bench == scale ]] && what="bench.sh --payments $payments twice per stack (fresh_, then over_ the first run's state)"
echo "side by side ($bench): $what, $runs runs each, alternating; medians last (logs: $out)"
[[ -n "$head_java_options" ]] && echo "head-$head_sha: the services ran with $head_java_options"
awk '
  { build=$1; for (i=2; i<=NF; i++) { split($i, kv, "="); if (kv[1] != "run") { v[build, kv[1]] = v[build, kv[1]] " " kv[2]; keys[kv[1]]=1 } } builds[build]=1 }
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " "); for (i=1;i<=n;i++) for (j=i+1;j<=n;j++) if (a[j]+0 < a[i]+0) { t=a[i]; a[i]=a[j]; a[j]=t }
    return n == 0 ? "?" : (n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2)
  }
  END {
    for (k in keys) { printf "%-28s", k; for (b in builds) printf "  %s: %s (median %s)", b, v[b, k], median(v[b, k]); printf "\n" }
  }' "$out/results" | sort
