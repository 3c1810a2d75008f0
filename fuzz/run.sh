#!/usr/bin/env bash
# Fuzzes "raw interaction JSON -> resolved command -> reply that fits Discord's limits" for a
# fixed time (default 300 s), then minimises the corpus kept in fuzz/corpus/interaction,
# which `cargo test` replays (tests/e2e/fuzz_corpus.rs). Exits non-zero on any crash.
#
# Needs a nightly toolchain and cargo-fuzz: `rustup toolchain install nightly` and
# `cargo install cargo-fuzz`. Usage: fuzz/run.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-300}"
corpus=fuzz/corpus/interaction
new=$(mktemp -d)
minimal=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$new" "$minimal" "$log"' EXIT

# Safe Rust throughout: the sanitizer would find nothing more and halves the speed. cargo fuzz
# builds in its own target directory (fuzz/target), apart from the project's builds. Built
# once, then run directly, so that the run and the merge use the same binary.
cargo +nightly fuzz build --sanitizer none interaction
target=$(rustc +nightly -vV | sed -n 's/^host: //p')
fuzzer=fuzz/target/$target/release/interaction
mkdir -p fuzz/artifacts/interaction
# New inputs go to a scratch folder; the kept corpus is only read during the run.
set +e
"$fuzzer" -artifact_prefix=fuzz/artifacts/interaction/ -dict=fuzz/interaction.dict \
    -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 -close_fd_mask=3 \
    "$new" "$corpus" >"$log" 2>&1
status=$?
set -e
grep -E "stat::|^Done|ERROR|panicked" "$log" || true
if [ "$status" -ne 0 ]; then
    tail -40 "$log" >&2
    echo "fuzz: crash (exit $status); the input is in fuzz/artifacts/interaction" >&2
    exit 1
fi
# The kept corpus, replayed by `cargo test`, stays small: inputs that are JSON objects (the
# rest only exercise serde_json's error paths) that add edge coverage.
staged=$(mktemp -d)
trap 'rm -rf "$new" "$minimal" "$log" "$staged"' EXIT
for file in "$corpus"/* "$new"/*; do
    if [ "$(head -c1 "$file")" = "{" ]; then cp "$file" "$staged/"; fi
done
"$fuzzer" -merge=1 -use_counters=0 -max_len=8192 -close_fd_mask=3 "$minimal" "$staged" \
    >"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
rm -f "$corpus"/*
cp "$minimal"/* "$corpus"/
echo "fuzz: no crash in ${seconds} s; corpus: $(ls "$corpus" | wc -l) files, $(cat "$corpus"/* | wc -c) bytes"
