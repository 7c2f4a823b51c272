#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the whole project and its test suite with AddressSanitizer + UndefinedBehaviorSanitizer
# (g++) in a build directory of its own and runs the suite there. Fails on a failing test and on
# any sanitizer report, also one written by a child process (persona-studio started by the
# protocol tests): every report goes to a log file, and a log file at the end is a failure.
#
#   tests/sanitize/run-sanitized.sh [build-dir]     (default: build-sanitize/ in the repository)
#
# Environment: STUDIO_SANITIZE_JOBS (build jobs, default 2), STUDIO_SANITIZE_CTEST_ARGS (extra
# ctest arguments, e.g. "-R tst_jsonrpc"). ccache is used when installed (the main CMakeLists
# sets it as the compiler launcher; the sanitizer flags make entries of their own).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build-sanitize}"
jobs="${STUDIO_SANITIZE_JOBS:-2}"

# -O1: ASan's recommendation (usable stacks, a fast enough suite). UBSan does not recover, so a
# report ends the process and fails its test. -fno-sanitize=vptr is not needed: Qt has RTTI.
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S "$repo" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" \
    -DCMAKE_SHARED_LINKER_FLAGS="$flags" \
    -DSTUDIO_TEST_TIMEOUT=900
cmake --build "$build" -j"$jobs"

logs="$build/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
# detect_leaks: on. The suite needed no suppressions (Qt 6.4 frees or keeps reachable what it
# allocates); lsan.supp is where a justified one would go. ASan and LSan reports go to log
# files; UBSan's go to stderr whatever log_path says (GCC's combined runtime), so the test logs
# are searched for them as well.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:check_initialization_order=1:strict_init_order=1:log_path=$logs/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/ubsan"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"

status=0
# shellcheck disable=SC2086 # extra arguments are meant to split
ctest --test-dir "$build" --output-on-failure --no-tests=error -j2 --timeout 900 \
    -LE 'sanitize|fuzz' ${STUDIO_SANITIZE_CTEST_ARGS:-} || status=$?

# A child process whose failure its test does not notice still leaves its report in the output.
if grep -n -E 'runtime error:|ERROR: (Address|Leak)Sanitizer' "$build/Testing/Temporary/LastTest.log"; then
    echo "=== sanitizer reports in the test output (above)"
    status=1
fi
shopt -s nullglob
reports=("$logs"/*)
if ((${#reports[@]})); then
    echo "=== ${#reports[@]} sanitizer report(s):"
    for report in "${reports[@]}"; do
        echo "--- $report"
        cat "$report"
    done
    status=1
fi
if ((status == 0)); then
    echo "sanitized suite: no failures, no sanitizer reports"
fi
exit "$status"
