#!/usr/bin/env bash
# Mutation testing of the reference implementations with the kit's suites as the tests
# (issue 17; docs/benchmarks.md has the figures and every survivor explained).
#
#   scripts/mutants.sh [options] [AREA...]
#
# AREA: engines, data_stores, record_store (default: all three), or my-engine (the example
# crate, tested by its own `tests/conformance.rs`, i.e. the kit's macros). Each area is
# one cargo-mutants run over its files, tested only by the suite modules that run the kit
# on that area's reference implementations, so a mutant costs one suite, not all.
#
# Options:
#   --shard K/N     run only shard K of N of each area (round-robin, so a shard samples
#                   every file of the area); default: every mutant
#   --jobs N        mutants built and tested at once (default 1: the machines have 2 cores)
#   --re REGEX      only the mutants whose name matches (cargo-mutants `--re`)
#   --in-diff FILE  only the mutants in code a diff touches (cargo-mutants `--in-diff`)
#   --max N         when the selection holds more than N mutants, run a round-robin shard
#                   of about N of them (for CI's time budget; the script says so)
#   --in-place      mutate the source tree itself (no copy; reuses target/ as it is): for
#                   CI, where nothing else uses the tree; an interrupted run leaves a
#                   mutated file behind, and the run puts every conformance-regressions/
#                   directory back as git has it, so not for a working tree
#   --list          list the mutants instead of running them
#   --check-explained
#                   exit 1 if a missed mutant is not in scripts/mutants-explained.txt
#
# Prints caught / missed / timeout / unviable per area, from the lists cargo-mutants
# writes in target/mutants/AREA[-shard-K-of-N]/mutants.out/ (caught.txt, missed.txt, ...;
# outcomes.json has the times). cargo-mutants is looked up as CARGO_MUTANTS_ROOT/bin
# (default target/tools), and installed there when missing or of another version.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

version=27.1.0
tools="${CARGO_MUTANTS_ROOT:-$root/target/tools}"
mutants="$tools/bin/cargo-mutants"

shard="" jobs=1 re="" in_diff="" max="" in_place=0 list=0 check_explained=0 areas=()
while [ $# -gt 0 ]; do
    case "$1" in
        --shard) shard="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --re) re="$2"; shift 2 ;;
        --in-diff) in_diff="$2"; shift 2 ;;
        --max) max="$2"; shift 2 ;;
        --in-place) in_place=1; shift ;;
        --list) list=1; shift ;;
        --check-explained) check_explained=1; shift ;;
        engines | data_stores | record_store | my-engine) areas+=("$1"); shift ;;
        *) echo "mutants.sh: unknown argument $1 (see the head of $0)" >&2; exit 2 ;;
    esac
done
[ ${#areas[@]} -gt 0 ] || areas=(engines data_stores record_store)

# The pinned cargo-mutants, installed under target/tools when missing or another version.
if ! "$mutants" mutants --version 2>/dev/null | grep -qx "cargo-mutants $version"; then
    echo "installing cargo-mutants $version into $tools (about 5 minutes)" >&2
    cargo install --locked --root "$tools" cargo-mutants --version "$version" >&2
fi

# Per area: the files mutated, the test timeout (about three times the unmutated suite's
# time on a loaded 2-core machine; the kit's own watchdog ends a hung case after 5 s, so a
# timeout is a mutant that makes the suite itself too slow), the suite's test target, and
# the module filters of its runs on the reference implementations.
area_args() {
    case "$1" in
        engines)
            files=(-f 'reference-impls/src/engines/**') timeout=120 target=engine_suite
            filters=(hash_map_engine:: btree_engine:: hash_map_engine_reference_options::
                btree_engine_reference_options::) ;;
        data_stores)
            files=(-f 'reference-impls/src/data_stores/**') timeout=120 target=datastore_suite
            filters=(null_data_store:: in_memory_data_store:: write_behind_data_store::) ;;
        record_store)
            files=(-f 'reference-impls/src/record_store/**') timeout=300 target=recordstore_suite
            filters=(default_over_hash_map:: default_over_btree:: default_reference_options::) ;;
        my-engine)
            files=(-f 'examples/my-engine/src/**') timeout=120 target=conformance
            filters=() ;;
    esac
}

# The count of lines of a cargo-mutants list file (0 when it was not written).
count() { if [ -f "$1" ]; then grep -c . "$1" || true; else echo 0; fi; }

status=0
for area in "${areas[@]}"; do
    area_args "$area"
    out="$root/target/mutants/$area${shard:+-shard-${shard/\//-of-}}"
    # A run that selects no mutant writes no lists: never count an older run's.
    [ "$list" = 1 ] || { rm -rf "$out/mutants.out" "$out/mutants.out.old"; mkdir -p "$out"; }
    # `--cargo-arg` reaches the build (`cargo test --no-run`) as well as the test command,
    # so each mutant builds only its suite's test binary, not every test of the package.
    args=(mutants "${files[@]}" --output "$out" --timeout "$timeout"
        --build-timeout 900 --cargo-arg=--test --cargo-arg="$target")
    if [ "$area" = my-engine ]; then
        # The example is its own package with its own tests: none of the reference
        # settings apply (its Debug impls are out of scope for the same reason).
        args+=(--no-config -p my-engine --copy-target true -C --locked
            --exclude-re 'impl (fmt::)?Debug for')
    else
        # The suites are tests of the root package. cargo-mutants 27.1.0 runs its baseline
        # on the mutated package's tests whatever `--test-package` says (lab.rs,
        # `run_baseline`), so the baseline is skipped: `.ci/run` shows the suites pass.
        args+=(-p storage-reference --test-package storage-traits --baseline skip)
    fi
    [ -n "$shard" ] && args+=(--shard "$shard" --sharding round-robin)
    [ -n "$re" ] && args+=(--re "$re")
    [ -n "$in_diff" ] && args+=(--in-diff "$in_diff")
    # One tree, one build at a time: cargo-mutants refuses --jobs with --in-place.
    if [ "$in_place" = 1 ]; then args+=(--in-place); else args+=(--jobs "$jobs"); fi
    if [ -n "$max" ] && [ -z "$shard" ]; then
        selected=$("$mutants" "${args[@]}" --list | grep -c . || true)
        if [ "$selected" -gt "$max" ]; then
            parts=$(((selected + max - 1) / max))
            echo "$area: $selected mutants selected, more than $max: running shard 0/$parts" >&2
            args+=(--shard "0/$parts" --sharding round-robin)
        fi
    fi
    if [ "$list" = 1 ]; then
        "$mutants" "${args[@]}" --list
        continue
    fi
    # cargo-mutants drops the first `--`; the second one hands the filters to the test
    # binary (without it cargo rejects them as arguments of its own).
    [ ${#filters[@]} -gt 0 ] && args+=(-- -- "${filters[@]}")
    echo "== $area: cargo ${args[*]}" >&2
    start=$(date +%s)
    # Exit 2 (a mutant missed) and 3 (a timeout) are results, reported below; others
    # (a failing baseline, bad arguments) stop the script.
    rc=0
    "$mutants" "${args[@]}" || rc=$?
    if [ "$in_place" = 1 ]; then
        # The kit saved the failing seeds of the mutants it caught as regression files of
        # the tree; they belong to no real failure, so put the tree's own back.
        git checkout -q -- ':(glob)**/conformance-regressions/**' 2>/dev/null || true
        git clean -fdq -- ':(glob)**/conformance-regressions/**'
    fi
    case "$rc" in 0 | 2 | 3) ;; *) echo "cargo-mutants failed ($rc) on $area" >&2; exit "$rc" ;; esac
    lists="$out/mutants.out"
    printf '%s: %s caught, %s missed, %s timeout, %s unviable (%s s, shard %s)\n' "$area" \
        "$(count "$lists/caught.txt")" "$(count "$lists/missed.txt")" \
        "$(count "$lists/timeout.txt")" "$(count "$lists/unviable.txt")" \
        "$(($(date +%s) - start))" "${shard:-all}"
    # A mutant counts as caught when its test command fails: make sure each one failed
    # in the suite (a test result line), not in cargo before any test ran.
    for log in "$lists"/log/*.log; do
        [ -f "$log" ] || continue
        if grep -q '^\*\*\* result: Failure' "$log" && grep -q '^\*\*\* cargo test --verbose' "$log" &&
            ! grep -q '^test result: FAILED' "$log"; then
            echo "$area: a test command failed without a failing test: $log" >&2
            status=1
        fi
    done
    if [ "$check_explained" = 1 ] && [ -f "$lists/missed.txt" ]; then
        # Explained survivors are listed without line and column (they move with edits).
        while IFS= read -r missed; do
            name=$(sed -E 's/^([^:]+):[0-9]+:[0-9]+: /\1: /' <<<"$missed")
            if ! grep -qxF "$name" scripts/mutants-explained.txt; then
                echo "missed and not explained in scripts/mutants-explained.txt: $missed" >&2
                status=1
            fi
        done <"$lists/missed.txt"
    fi
done
exit "$status"
