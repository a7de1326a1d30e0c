# provision: the README's set-up is `make demo` (an upload against the local emulator) and `make test`.
SWIFT      ?= swift
PREFIX     ?= /usr/local
BIN_DIR     = $(PREFIX)/bin
RELEASE_BIN = .build/release/provision

.PHONY: build test lint release demo bench fuzz install uninstall clean

build:
	$(SWIFT) build

test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Zero warnings: the whole package, tests included, built with warnings as errors in its own scratch folder.
lint:
	$(SWIFT) build --build-tests --scratch-path .build-lint -Xswiftc -warnings-as-errors

release:
	bash scripts/release.sh

demo:
	bash scripts/demo.sh

bench:
	bash scripts/bench.sh

# libFuzzer + AddressSanitizer targets in Fuzz/, FUZZ_SECONDS each (docs/fuzzing.md); output in .build-fuzz/.
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

install: release
	install -d $(DESTDIR)$(BIN_DIR)
	install -m 0755 $(RELEASE_BIN) $(DESTDIR)$(BIN_DIR)/provision

uninstall:
	rm -f $(DESTDIR)$(BIN_DIR)/provision

clean:
	rm -rf .build .build-lint
