#!/usr/bin/env bash
# Times the README's quick start from a fresh clone, as a new user would run it:
#   1. cargo run -- console   (build, then the first answer to a piped command)
#   2. cargo test             (the whole suite, reusing the build of step 1)
# and prints the figures for the README. Run it on a quiet machine: other builds running at
# the same time make the figures meaningless.
#
#   scripts/first-run-timing.sh [--release] [--cold] [REPO]
#
#   --release  also time `cargo build --release` in the same
#              clone afterwards, and print the size of each binary
#   --cold     use an empty CARGO_HOME, so that downloading the crates is timed too
#   REPO       what to clone (default: the repository this script is in; its committed
#              HEAD, not uncommitted changes)
#
# PACER_TEST_POSTGRES_URL is passed on to `cargo test` as it is set here. A `shared` folder
# beside REPO is linked beside the clone, as CI has it.
set -euo pipefail

release=false
cold=false
repo=""
for arg in "$@"; do
    case "$arg" in
        --release) release=true ;;
        --cold) cold=true ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        -*) echo "unknown option: $arg" >&2; exit 2 ;;
        *) repo=$arg ;;
    esac
done
repo=$(cd "${repo:-$(dirname "$0")/..}" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/pacer"
if [ -d "$repo/../shared" ]; then
    ln -s "$(cd "$repo/../shared" && pwd)" "$work/shared"
fi
cd "$work/pacer"
# Nothing built before may be reused: a target folder of its own.
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR
if $cold; then
    export CARGO_HOME="$work/cargo-home"
fi

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
minutes() { awk -v s="$1" 'BEGIN { printf "%d min %02d s", s / 60, s % 60 }'; }

echo "fresh clone of $(git rev-parse --short HEAD) in $work/pacer"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "$(cargo --version), $(rustc --version)"
$cold && echo "CARGO_HOME is empty: crate downloads are included"

start=$(now)
answer=$(printf '/backpain plan\n' | cargo run --quiet -- console)
console=$(seconds "$start" "$(now)")
if [ -z "$answer" ]; then
    echo "error: the console gave no answer" >&2
    exit 1
fi

start=$(now)
cargo test --quiet >"$work/test.log" 2>&1 || {
    tail -40 "$work/test.log" >&2
    echo "error: cargo test failed (log above)" >&2
    exit 1
}
tests=$(seconds "$start" "$(now)")
total=$(awk -v a="$console" -v b="$tests" 'BEGIN { printf "%.1f", a + b }')

echo
echo "| README command, from a fresh clone | time |"
echo "|---|---|"
echo "| \`cargo run -- console\` (build and first answer) | $(minutes "$console") ($console s) |"
echo "| \`cargo test\` (after the console) | $(minutes "$tests") ($tests s) |"
echo "| both | $(minutes "$total") ($total s) |"
grep -E '^test result:' "$work/test.log" | sed 's/^/    /'

if $release; then
    echo
    echo "| optimised build, after the above | time | binary |"
    echo "|---|---|---|"
    for profile in release; do
        start=$(now)
        cargo build --quiet --profile "$profile"
        took=$(seconds "$start" "$(now)")
        size=$(stat -c %s "target/$profile/pacer")
        echo "| \`cargo build --profile $profile\` | $(minutes "$took") ($took s) |" \
            "$(awk -v b="$size" 'BEGIN { printf "%.1f MB", b / 1000000 }') |"
    done
fi
