#!/usr/bin/env bash
# Peak memory and wall time of `closecall batch` over N generated calls.
#
#   scripts/measure-batch-memory.sh [N...]      (default: 1000 10000)
#
# Builds the release binary, writes N small Zoom-style calls (four sellers,
# varied wording) into a temporary folder, and runs the batch under
# /usr/bin/time -v (Debian package `time`) once streaming (`--format jsonl`)
# and once keeping every row for a whole document (`--format json`).
# Too heavy for `cargo test`; run it by hand when the batch path changes.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/closecall
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sellers=("Dana Reyes" "Marco Silva" "Ana Ortiz" "Lee Chen")
for n in "${sizes[@]}"; do
  dir="$work/calls-$n"
  mkdir -p "$dir"
  for ((i = 0; i < n; i++)); do
    s=${sellers[$((i % 4))]}
    sub="$dir/week-$((i % 20))"
    mkdir -p "$sub"
    cat > "$sub/call-$i.vtt" <<VTT
WEBVTT

1
00:00:00.000 --> 00:00:06.000
$s: Hi Tom, thanks for making time today. How was the weekend?

2
00:00:06.000 --> 00:00:10.000
Tom Becker: Good, we went hiking with the kids.

3
00:00:10.000 --> 00:00:20.000
$s: What is the biggest problem with claims for your team right now, call $i?

4
00:00:20.000 --> 00:00:34.000
Tom Becker: We lose about $((i % 50 + 10)) hours a month chasing carriers for damaged loads.

5
00:00:34.000 --> 00:00:48.000
$s: Our claims desk files every claim automatically, so teams like yours cut that to a few hours.

6
00:00:48.000 --> 00:00:54.000
Tom Becker: That would save us a ton of time. How soon could we start?

7
00:00:54.000 --> 00:01:02.000
$s: I'll send over some info, let me know what you think.
VTT
  done
  for format in jsonl json; do
    log="$work/time-$n-$format.txt"
    start=$(date +%s.%N)
    /usr/bin/time -v "$bin" batch "$dir" --format "$format" > "$work/out" 2> "$log" || true
    end=$(date +%s.%N)
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    lines=$(wc -l < "$work/out")
    printf '%6d calls  --format %-5s  peak RSS %7.1f MiB  wall %6.2f s  (%d output lines)\n' \
      "$n" "$format" "$(echo "$rss / 1024" | bc -l)" "$(echo "$end - $start" | bc -l)" "$lines"
  done
done
