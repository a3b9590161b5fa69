#!/usr/bin/env bash
# Property and fuzz tests with fresh random examples (the test stages draw a fixed set):
#   bash scripts/fuzz.sh [ROUNDS]     (make fuzz)
# Each round uses a new seed, printed with the result; a failure prints the failing
# example and the seed that reproduces it (pytest --hypothesis-seed=SEED ...).
set -u
cd "$(dirname "$0")/.."
rounds="${1:-3}"
mapfile -t files < <(grep -rl "@given" tests | sort)
status=0
for _ in $(seq "$rounds"); do
    seed="$RANDOM$RANDOM"
    echo "== seed $seed: ${#files[@]} files"
    IC_HYPOTHESIS=explore IC_FUZZ_EXAMPLES="${IC_FUZZ_EXAMPLES:-600}" \
        .venv/bin/python -m pytest -q -p no:cacheprovider --hypothesis-seed="$seed" "${files[@]}" \
        || status=1
done
exit "$status"
