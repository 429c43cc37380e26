#!/usr/bin/env bash
# Whole-process start: `echo reclaim:handlers | java -jar reclaim.jar` from launch to exit, on a home
# the first (untimed) run created, so the OS cache and the framework cache are warm. Prints each run
# and the median, as `Startup value=N ms`.
#   benchmarks/startup.sh [RUNS] [JAR]      (defaults: 11, distribution/target/reclaim.jar)
set -euo pipefail
runs=${1:-11}
jar=$(realpath "${2:-distribution/target/reclaim.jar}")
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

once() {
  local start end
  start=$(date +%s%N)
  echo reclaim:handlers | "$java" -jar "$jar" --home "$home" > "$home/out" 2>&1 || { cat "$home/out" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

once > /dev/null
grep -q "os-process" "$home/out" || { echo "reclaim:handlers printed no handlers:" >&2; cat "$home/out" >&2; exit 1; }
times=()
for _ in $(seq "$runs"); do
  times+=("$(once)")
done
echo "runs (ms): ${times[*]}"
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "Startup value=$median ms (median of $runs, load $(cut -d' ' -f1-3 /proc/loadavg))"
