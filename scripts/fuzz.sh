#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Fuzz/ and (unless --build-only) runs each for FUZZ_SECONDS.
#
# SwiftPM cannot build fuzzers, so the modules are compiled here straight from Sources/ with swiftc, instrumented
# for libFuzzer coverage and AddressSanitizer, as static libraries; each harness is then linked against the ones it
# needs. HTTPParsingFuzz is compiled *inside* the Token module so that the internal token-body parser is visible.
#
#   scripts/fuzz.sh                       build all, run all for FUZZ_SECONDS (default 60) each
#   scripts/fuzz.sh --build-only          build only
#   scripts/fuzz.sh --no-build ...        run what is already built (e.g. a second run alongside the first)
#   scripts/fuzz.sh CSVReaderFuzz ...     build all, run the named targets
#   FUZZ_JOBS=2 scripts/fuzz.sh           run two targets at once (2 cores: leave room for other builds)
#
# Corpora: Fuzz/corpus/<target>/ seeds (read-only), .build-fuzz/corpus/<target>/ the growing working corpus.
# Crashes, timeouts and leaks land in .build-fuzz/artifacts/<target>/; logs in .build-fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFTC=${SWIFTC:-swiftc}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_JOBS=${FUZZ_JOBS:-1}
OUT=.build-fuzz
MOD=$OUT/modules
ALL_TARGETS=(CSVReaderFuzz AttributePathFuzz MappingFileFuzz ExpressionFuzz HTTPParsingFuzz JSONRecordsFuzz)
# -O: libFuzzer wants executions per second; -g keeps sanitizer stack traces readable.
FLAGS=(-swift-version 6 -package-name provision -parse-as-library -O -g -sanitize=fuzzer,address -use-ld=lld)

build_only=0
build=1
targets=()
for arg in "$@"; do
    case "$arg" in
        --build-only) build_only=1 ;;
        --no-build) build=0 ;;
        *) targets+=("$arg") ;;
    esac
done
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")

mkdir -p "$MOD"

# library NAME DEPENDENCIES... [-I FOLDER]: Sources/NAME/*.swift -> $MOD/libNAME.a + NAME.swiftmodule
library() {
    local name=$1; shift
    local links=()
    local skip=0
    for dep in "$@"; do
        # Flags (an -I and its folder) pass as they are; anything else is a library to link.
        if [ $skip -eq 1 ]; then links+=("$dep"); skip=0
        elif [ "$dep" = -I ]; then links+=("$dep"); skip=1
        else links+=(-l"$dep"); fi
    done
    echo "fuzz: compiling module $name" >&2
    "$SWIFTC" "${FLAGS[@]}" -module-name "$name" -emit-module -emit-module-path "$MOD/$name.swiftmodule" \
        -emit-library -static -o "$MOD/lib$name.a" -I "$MOD" -L "$MOD" "${links[@]}" Sources/"$name"/*.swift
}

# The C shim over the system libcurl (Sources/CCurl) -> $MOD/libCCurl.a, with a module map for Swift's import.
ccurl() {
    echo "fuzz: compiling module CCurl" >&2
    mkdir -p "$MOD/CCurl"
    printf 'module CCurl {\n    header "%s"\n    export *\n}\n' "$(pwd)/Sources/CCurl/include/CCurl.h" \
        > "$MOD/CCurl/module.modulemap"
    local objects=()
    for source in Sources/CCurl/*.c; do
        local object="$MOD/CCurl/$(basename "$source" .c).o"
        clang -O -g -fsanitize=fuzzer-no-link,address -ISources/CCurl/include -c "$source" -o "$object"
        objects+=("$object")
    done
    ar rcs "$MOD/libCCurl.a" "${objects[@]}"
}

# harness TARGET MODULE-NAME EXTRA-SOURCES... -- LIBS...
harness() {
    local target=$1 module=$2; shift 2
    local sources=() libs=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do sources+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    for lib in "$@"; do libs+=(-l"$lib"); done
    echo "fuzz: linking $target" >&2
    "$SWIFTC" "${FLAGS[@]}" -module-name "$module" -I "$MOD" -L "$MOD" "${sources[@]}" "Fuzz/$target.swift" \
        "${libs[@]}" -o "$OUT/$target"
}

if [ $build -eq 1 ]; then
    library Hashing
    library Basics
    library JSONDocument
    library SCIM Basics JSONDocument
    library CSV
    library JSONRecords CSV
    ccurl
    library Transport Basics -I "$MOD/CCurl"
    library Expressions Basics
    library Mapping Expressions SCIM CSV JSONRecords JSONDocument Basics
    harness CSVReaderFuzz CSVReaderFuzz -- CSV
    harness JSONRecordsFuzz JSONRecordsFuzz -- JSONRecords CSV
    harness AttributePathFuzz AttributePathFuzz -- SCIM JSONDocument Basics
    harness MappingFileFuzz MappingFileFuzz -- Mapping Expressions SCIM CSV JSONRecords JSONDocument Basics
    harness ExpressionFuzz ExpressionFuzz -- Mapping Expressions SCIM CSV JSONRecords JSONDocument Basics
    # Token's certificate code imports the system OpenSSL through Sources/COpenSSL's module map.
    harness HTTPParsingFuzz Token -I Sources/COpenSSL Sources/Token/*.swift Sources/Token/Certificate/*.swift \
        -I "$MOD/CCurl" -- Transport CCurl Basics crypto dl
fi

[ $build_only -eq 1 ] && exit 0

run() {
    local target=$1
    local corpus=$OUT/corpus/$target artifacts=$OUT/artifacts/$target/
    mkdir -p "$corpus" "$artifacts" "$OUT/logs"
    echo "fuzz: running $target for ${FUZZ_SECONDS}s (log: $OUT/logs/$target.log)" >&2
    # The first corpus directory receives new inputs; the checked-in seeds stay untouched.
    local status=0
    # The Swift backtracer would run inside ASan and report itself; libFuzzer and ASan print the trace instead.
    SWIFT_BACKTRACE=enable=no "$OUT/$target" "$corpus" "Fuzz/corpus/$target" \
        -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts" >"$OUT/logs/$target.log" 2>&1 || status=$?
    grep -E '^(#[0-9]+[[:space:]]+DONE|Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' \
        "$OUT/logs/$target.log" | sed "s/^/$target: /" >&2 || true
    if [ $status -ne 0 ]; then
        echo "fuzz: $target FAILED (exit $status); see $OUT/logs/$target.log and $artifacts" >&2
        return 1
    fi
}

failed=0
if [ "$FUZZ_JOBS" -gt 1 ]; then
    # A simple pool: start up to FUZZ_JOBS, then wait for the oldest before starting the next.
    pids=()
    for target in "${targets[@]}"; do
        if [ ${#pids[@]} -ge "$FUZZ_JOBS" ]; then
            wait "${pids[0]}" || failed=1
            pids=("${pids[@]:1}")
        fi
        run "$target" & pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
else
    for target in "${targets[@]}"; do run "$target" || failed=1; done
fi
exit $failed
