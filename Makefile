# wirewatch — `make run` starts the daemon on the bundled demo; `make test` runs the suite.
SWIFT  ?= swift
CONFIG ?= Config/demo/wirewatch.yaml
BIN    := .build/debug/wirewatch

.PHONY: run test build deps tail check clean install uninstall

# `make install` (as root) puts wirewatch in its FHS places; DESTDIR stages a package.
# INSTALL_BIN picks an already built binary instead of a release build.
PREFIX      ?= /usr/local
SYSCONFDIR  ?= /etc
UNITDIR     ?= $(SYSCONFDIR)/systemd/system
INSTALL_BIN ?= .build/release/wirewatch
DATADIR     := $(PREFIX)/share/wirewatch
DOCDIR      := $(PREFIX)/share/doc/wirewatch
CONFDIR     := $(SYSCONFDIR)/wirewatch
# The shipped unit and config name the default places; rewrite them for these.
PLACES      := -e 's|/usr/local/bin/wirewatch|$(PREFIX)/bin/wirewatch|g' -e 's|/usr/local/share/doc/wirewatch|$(DOCDIR)|g' \
               -e 's|/etc/wirewatch|$(CONFDIR)|g' -e 's|^data: .*|data: $(DATADIR)|'

run: build
	@mkdir -p var
	@echo "wirewatch: polling the demo feeds; follow alerts with 'make tail' in another terminal; Ctrl-C stops."
	$(BIN) run --config $(CONFIG)

# At most TEST_WIDTH tests in flight at once. Unbounded, Swift Testing starts
# every test together: dozens of wirewatch child processes and servers then share
# two cores, and a test waiting for one step of a background task could miss a
# 30-second deadline (seen under load; docs/development.md). Bounded, the suite
# also finishes sooner (65-75 s against 90-110 s on the shared machine).
TEST_WIDTH ?= 8
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest --experimental-maximum-parallelization-width $(TEST_WIDTH)

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

.build/release/wirewatch: deps
	$(SWIFT) build -c release --product wirewatch

install: $(INSTALL_BIN)
	install -D -m 0755 $(INSTALL_BIN) $(DESTDIR)$(PREFIX)/bin/wirewatch
	install -d $(DESTDIR)$(DATADIR)/gazetteer $(DESTDIR)$(DOCDIR) $(DESTDIR)$(CONFDIR)/rules.d $(DESTDIR)$(UNITDIR)
	install -m 0644 Config/taxonomy.yaml $(DESTDIR)$(DATADIR)/
	install -m 0644 Config/gazetteer/* $(DESTDIR)$(DATADIR)/gazetteer/
	install -m 0644 docs/*.md $(DESTDIR)$(DOCDIR)/
	sed $(PLACES) systemd/wirewatch.service > $(DESTDIR)$(UNITDIR)/wirewatch.service
	@# The operator's config and rules are never overwritten.
	@for f in wirewatch.yaml rules.d/example.yaml; do \
	  src=Config/$$f; [ $$f = wirewatch.yaml ] || src=Config/rules.d/example.yaml; \
	  if [ -e $(DESTDIR)$(CONFDIR)/$$f ]; then echo "kept $(DESTDIR)$(CONFDIR)/$$f"; \
	  else sed $(PLACES) $$src > $(DESTDIR)$(CONFDIR)/$$f && chmod 0644 $(DESTDIR)$(CONFDIR)/$$f; fi; done
	@echo "installed; now: systemctl daemon-reload && systemctl enable --now wirewatch"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/wirewatch $(DESTDIR)$(UNITDIR)/wirewatch.service
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)
	@# The config and rules go only if they are still as shipped; edited ones are kept.
	@for f in wirewatch.yaml rules.d/example.yaml; do \
	  src=Config/$$f; [ $$f = wirewatch.yaml ] || src=Config/rules.d/example.yaml; \
	  if [ -e $(DESTDIR)$(CONFDIR)/$$f ]; then \
	    if sed $(PLACES) $$src | cmp -s - $(DESTDIR)$(CONFDIR)/$$f; then rm -f $(DESTDIR)$(CONFDIR)/$$f; \
	    else echo "kept $(DESTDIR)$(CONFDIR)/$$f (edited)"; fi; fi; done
	-@rmdir $(DESTDIR)$(CONFDIR)/rules.d $(DESTDIR)$(CONFDIR) 2>/dev/null || true
	@echo "uninstalled; state in /var/lib/wirewatch and logs in /var/log/wirewatch are left alone"

# libFuzzer targets, not part of `make test` (docs/reliability.md). `make fuzz` runs each for
# FUZZ_SECONDS (60 by default: what CI can afford); `make fuzz-feed-parser` is the parser's own
# target (fuzz/run.sh: swiftc -sanitize=fuzzer,address, 600 s by default); the query parser and the
# config loader are SwiftPM targets built with -sanitize=fuzzer in .build/fuzz.
.PHONY: fuzz fuzz-feed-parser fuzz-query-parser fuzz-config-loader soak
fuzz: deps
	scripts/fuzz.sh
fuzz-feed-parser: deps
	fuzz/run.sh
fuzz-query-parser fuzz-config-loader: deps
	scripts/fuzz.sh $(@:fuzz-%=%)

# An hour against 2,000 changing local feeds (SOAK_MINUTES to shorten); not in CI.
soak:
	scripts/soak.sh
