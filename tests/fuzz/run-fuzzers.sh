#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds every libFuzzer harness of tests/fuzz with clang (a build directory of its own) and
# runs each for a while on its seed corpus, two at a time. Fails when a harness crashes, hits
# a sanitizer report or a broken invariant, times out on an input or runs out of memory; the
# input that did it is kept as <build>/artifacts/<harness>-crash-<sha1> (and printed).
#
#   tests/fuzz/run-fuzzers.sh [build-dir]          (default: build-fuzz/ in the repository)
#
# Environment: STUDIO_FUZZ_SECONDS (per harness, default 60), STUDIO_FUZZ_PARALLEL (harnesses at
# once, default 2), STUDIO_FUZZ_JOBS (build jobs, default 2), STUDIO_FUZZ_ONLY (space-separated
# harness names), STUDIO_FUZZ_SEED (libFuzzer's -seed; unset: a random one), STUDIO_FUZZ_ARGS (extra
# libFuzzer flags). New inputs the fuzzers find go to
# <build>/corpus/<harness>, never into the seed corpus in the tree.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build-fuzz}"
seconds="${STUDIO_FUZZ_SECONDS:-60}"
parallel="${STUDIO_FUZZ_PARALLEL:-2}"
jobs="${STUDIO_FUZZ_JOBS:-2}"
harnesses=(${STUDIO_FUZZ_ONLY:-fuzz_jsonrpc fuzz_httprequest fuzz_ndjson fuzz_sse fuzz_mcpsession fuzz_websocket})

command -v clang++ >/dev/null || { echo "clang++ is missing (Debian: apt-get install clang)" >&2; exit 1; }
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$build" -j"$jobs" --target "${harnesses[@]}"

rm -rf "$build/logs" "$build/artifacts"
mkdir -p "$build/logs" "$build/artifacts"
# UBSan and ASan stop at the first report, so libFuzzer keeps the input. Leak checking stays on
# (libFuzzer's -detect_leaks, per input).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8

run_one() {
    local name=$1
    mkdir -p "$build/corpus/$name"
    # shellcheck disable=SC2086 # extra flags are meant to split
    "$build/$name" "$build/corpus/$name" "$here/corpus/$name" \
        -max_total_time="$seconds" -timeout=30 -rss_limit_mb=3072 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$build/artifacts/$name-" ${STUDIO_FUZZ_SEED:+-seed=$STUDIO_FUZZ_SEED} \
        ${STUDIO_FUZZ_ARGS:-} \
        >"$build/logs/$name.log" 2>&1
}

status=0
for name in "${harnesses[@]}"; do
    while (($(jobs -rp | wc -l) >= parallel)); do
        wait -n || true
    done
    echo "fuzzing $name for ${seconds}s"
    (
        rc=0
        run_one "$name" || rc=$?
        echo "$rc" >"$build/logs/$name.rc"
    ) &
done
wait
for name in "${harnesses[@]}"; do
    if [ "$(cat "$build/logs/$name.rc" 2>/dev/null || echo missing)" != 0 ]; then
        status=1
        echo "=== $name FAILED; the end of its log ($build/logs/$name.log):"
        tail -n 60 "$build/logs/$name.log"
    fi
done

printf '\n%-18s %12s %10s %s\n' harness execs exec/s corpus
total=0
for name in "${harnesses[@]}"; do
    log="$build/logs/$name.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    corpus=$(find "$build/corpus/$name" -type f | wc -l)
    printf '%-18s %12s %10s %s\n' "$name" "${execs:-?}" "${rate:-?}" "$corpus"
    total=$((total + ${execs:-0}))
done
echo "total execs: $total"
shopt -s nullglob
artifacts=("$build"/artifacts/*)
if ((${#artifacts[@]})); then
    echo "inputs that failed (copy the reproducer into tests/fuzz/corpus/<harness>/ once fixed):"
    printf '  %s\n' "${artifacts[@]}"
    status=1
fi
exit "$status"
