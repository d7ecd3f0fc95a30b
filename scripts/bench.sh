#!/usr/bin/env bash
# Ingest benchmark: a generated bundle of N indicators (default 1,000,000)
# into a fresh embedded store (and PostgreSQL when BENCH_PG is set), with
# wall time and peak RSS, then get/search latency on the result.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-1000000}
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
bin=bin/fusion
echo "bench: generating $n indicators in $work" >&2
$bin bench gen -n "$n" -o "$work/bundle.json"
ls -l "$work/bundle.json" >&2

run() { # name, then the fusion arguments
	local name=$1; shift
	/usr/bin/time -f "$name: %e s wall, %U s user, %S s sys, %M KB peak RSS" $bin "$@" >/dev/null
}
rm -rf "$work/data"
run "sqlite ingest $n" --data "$work/data" ingest "$work/bundle.json"
$bin --data "$work/data" bench query
if [ -n "${BENCH_PG:-}" ]; then
	run "postgres ingest $n" --db "$BENCH_PG" ingest "$work/bundle.json"
	$bin --db "$BENCH_PG" bench query
fi
