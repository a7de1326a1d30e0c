# provision: the README's set-up is `make demo` (an upload against the local emulator) and `make test`.
SWIFT      ?= swift
PREFIX     ?= /usr/local
BIN_DIR     = $(PREFIX)/bin
RELEASE_BIN = .build/release/provision

.PHONY: build-deps build test lint format release demo demo-hr bench bench-records bench-pipeline soak crash-test fuzz install uninstall clean

# Every build needs libssl-dev (certificate credentials use the system OpenSSL): installed as root, else named.
build-deps:
	bash scripts/build-deps.sh

build: build-deps
	$(SWIFT) build

# The whole suite, in parallel: a short summary here (counts, each failure, the slowest suites), the full output in
# $(TEST_LOG); the exit status is the test run's. FILTER=regex runs only the matching tests (docs/testing.md).
TEST_LOG ?= .build/test.log
test: build-deps
	SWIFT="$(SWIFT)" TEST_LOG="$(TEST_LOG)" bash scripts/test.sh

# Zero warnings: the whole package, tests included, built with warnings as errors in its own scratch folder; and
# the layout of .swift-format (4-space indents, 120 columns). `make format` applies it.
FORMAT_PATHS = Sources Tests Fuzz Package.swift
lint: build-deps
	$(SWIFT) format lint --strict --recursive $(FORMAT_PATHS)
	$(SWIFT) build --build-tests --scratch-path .build-lint -Xswiftc -warnings-as-errors

format:
	$(SWIFT) format --in-place --recursive --parallel $(FORMAT_PATHS)

release:
	bash scripts/release.sh

demo:
	bash scripts/demo.sh

# A sync from the local HR API emulator to the Entra emulator (needs provision upload --source).
demo-hr:
	bash scripts/demo-hr.sh

bench:
	bash scripts/bench.sh

# The JSON records reader against the CSV reader: 1,000,000 records each, records/s and peak RSS (docs/benchmarks.md).
bench-records:
	bash scripts/bench-records.sh

# `provision validate` of 1,000,000 NDJSON records against the same as CSV: records/s and peak RSS (docs/benchmarks.md).
bench-pipeline:
	bash scripts/bench-pipeline.sh

# 100,000 records through injected faults, checked record by record (docs/reliability.md).
soak:
	bash scripts/soak.sh

# SIGKILL an upload at random moments, --resume each time, until it finishes (docs/reliability.md).
crash-test:
	bash scripts/crash-resume.sh

BASH_COMPLETION_DIR = $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR  = $(PREFIX)/share/zsh/site-functions

# libFuzzer + AddressSanitizer targets in Fuzz/, FUZZ_SECONDS each (docs/fuzzing.md); output in .build-fuzz/.
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

install: release
	install -d $(DESTDIR)$(BIN_DIR) $(DESTDIR)$(BASH_COMPLETION_DIR) $(DESTDIR)$(ZSH_COMPLETION_DIR)
	install -m 0755 $(RELEASE_BIN) $(DESTDIR)$(BIN_DIR)/provision
	$(RELEASE_BIN) completions bash > $(DESTDIR)$(BASH_COMPLETION_DIR)/provision
	$(RELEASE_BIN) completions zsh > $(DESTDIR)$(ZSH_COMPLETION_DIR)/_provision

uninstall:
	rm -f $(DESTDIR)$(BIN_DIR)/provision $(DESTDIR)$(BASH_COMPLETION_DIR)/provision $(DESTDIR)$(ZSH_COMPLETION_DIR)/_provision

clean:
	rm -rf .build .build-lint
