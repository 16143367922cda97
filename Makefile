# wirewatch — `make run` starts the daemon on the bundled demo; `make test` runs the suite.
SWIFT  ?= swift
CONFIG ?= Config/demo/wirewatch.yaml
BIN    := .build/debug/wirewatch

.PHONY: run test build deps tail check clean

run: build
	@mkdir -p var
	@echo "wirewatch: polling the demo feeds; follow alerts with 'make tail' in another terminal; Ctrl-C stops."
	$(BIN) run --config $(CONFIG)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

build: deps
	$(SWIFT) build --product wirewatch

deps:
	@scripts/install-deps.sh

tail: build
	$(BIN) tail --config $(CONFIG)

check: build
	$(BIN) check --config $(CONFIG)

clean:
	rm -rf .build var

# The parser's libFuzzer target (swiftc -sanitize=fuzzer); FUZZ_SECONDS=600 by default.
.PHONY: fuzz
fuzz: deps
	fuzz/run.sh
