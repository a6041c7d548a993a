# Hybrid Calendar Doctor. `make demo` runs the main job, `make test` every test layer; both
# install what they lack first (Rust's wasm target, the pinned wasm-bindgen-cli, Node packages).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"/\1/p;}' Cargo.lock)
WASM_TARGET := wasm32-unknown-unknown
WASM_OUT := target/wasm-pkg
, := ,
NOTE_TENANT := rtpcloudcollab.com,adminrtpcloudcollab.onmicrosoft.com,ciscolive.us

.PHONY: setup browsers build generate test lint test-native test-wasm test-js wasm size demo bench bench-one clean

setup: node_modules/.installed
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@if [ "$$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 3 minutes)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

# Debian's browsers for the tests in real browsers, CJK fonts for Japanese screenshots, and GNU
# time for the bench's peak memory of the CLI.
browsers:
	@if ! command -v chromium >/dev/null || ! command -v firefox-esr >/dev/null || ! fc-list | grep -i 'noto.*cjk' >/dev/null \
		|| [ ! -x /usr/bin/time ]; then \
		apt-get update && apt-get install -y chromium chromium-driver firefox-esr fonts-noto-cjk time; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The JavaScript too: ESLint everywhere, and the extension's JSDoc types (the pages and content
# scripts, then the analyzer's worker with a worker's globals).
lint: setup
	cargo fmt --check
	cargo clippy --all-targets --all-features -- -D warnings
	node_modules/.bin/eslint .
	node_modules/.bin/tsc -p tsconfig.json
	node_modules/.bin/tsc -p tsconfig.worker.json

TEST_LOGS := target/test-logs

test-native: setup
	mkdir -p $(TEST_LOGS)
	cargo test 2>&1 | tee $(TEST_LOGS)/native.log

# The web layer's own tests (src/web: JS values in, the browser's zone) run in Node through
# wasm-bindgen-test-runner; everything they build on is tested natively.
test-wasm: setup
	mkdir -p $(TEST_LOGS)
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
		cargo test --target $(WASM_TARGET) --lib --features web-banner,web-pages 2>&1 | tee $(TEST_LOGS)/wasm.log

# The extension's JavaScript (hook, background relay, adapter, build script, replica site) and
# the e2e tests of the built extension in Chromium and Firefox: Node's runner.
# The awk line restates its TAP totals as a cargo-style "test result:" line for the summary.
test-js: browsers build
	mkdir -p $(TEST_LOGS)
	node --test --test-reporter=tap tests/js/ tests/replica/ tests/e2e/ 2>&1 | tee $(TEST_LOGS)/js.tap
	awk '/^# pass /{p=$$3} /^# fail /{f=$$3} END {printf "test result: %s. %d passed; %d failed;\n", (f>0?"FAILED":"ok"), p, f}' \
		$(TEST_LOGS)/js.tap > $(TEST_LOGS)/js.log

# Ends with one plain "N passed, N failed" line summing every layer's runner.
test: lint test-native test-wasm test-js
	@cat $(TEST_LOGS)/*.log | awk '/^test result:/ { for (i = 1; i <= NF; i++) { \
		if ($$(i+1) ~ /^passed/) passed += $$i; if ($$(i+1) ~ /^failed/) failed += $$i } } \
		END { printf "summary: %d passed, %d failed\n", passed, failed; exit (failed > 0 || passed == 0) }'

# The files rendered from Rust tables (extension/shared/endpoints.js from the endpoint table in
# src/decode/endpoint.rs), rewritten; `cargo test` fails while a committed one is stale.
generate:
	UPDATE_GENERATED=1 cargo test --test generated

# The extension's Wasm, two modules: the banner frame's (feature web-banner, $(WASM_OUT)/banner/
# caldoctor_banner{.js,_bg.wasm}: what every Control Hub panel loads, so kept small) and the
# extension pages' (web-pages, $(WASM_OUT)/pages/caldoctor_pages…: analyzer and its worker,
# popup, options). Each: smallest profile, bindings for ES modules, then wasm-opt -Oz.
WASM_ARTIFACT := target/$(WASM_TARGET)/wasm/caldoctor.wasm
WASM_OPT := node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
	--enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue
WASM_MODULES := banner pages

# $(call wasm-module,FEATURES,OUT,NAME…): builds with FEATURES, then OUT/NAME/caldoctor_NAME per NAME.
define wasm-module
	cargo build --lib --profile wasm --target $(WASM_TARGET) --features $(1)
	for name in $(3); do \
		wasm-bindgen --target web --no-typescript --out-dir $(2)/$$name --out-name caldoctor_$$name $(WASM_ARTIFACT) && \
		$(WASM_OPT) $(2)/$$name/caldoctor_$${name}_bg.wasm -o $(2)/$$name/caldoctor_$${name}_bg.wasm; \
	done
endef

wasm: setup
	$(call wasm-module,web-banner,$(WASM_OUT),banner)
	$(call wasm-module,web-pages,$(WASM_OUT),pages)

# dist/{chromium,firefox}[-test]/ and the store zips, from manifest.json, extension/ and the Wasm.
build: wasm
	node tools/build-extension.mjs

# Raw and gzip -9 bytes of each module (the bench's comparison: WASM_OUT=target/bench/wasm-one).
size: wasm
	@for name in $(WASM_MODULES); do f=$(WASM_OUT)/$$name/caldoctor_$${name}_bg.wasm; \
		echo "caldoctor_$${name}_bg.wasm: $$(stat -c %s $$f) bytes raw, $$(gzip -9c $$f | wc -c) bytes gzip -9"; done

# The main job: the built extension diagnosing the note's scenario on the Control Hub replica in
# headless Chromium, then the org's triage page (screenshots in target/demo/), then the same
# diagnosis from a HAR file and the triage of the User Status Report's HAR.
demo: browsers build
	node tools/demo.mjs
	cargo build --release --bin caldoctor
	@echo "== From a HAR file (support engineers), tenant domains $(NOTE_TENANT) =="
	target/release/caldoctor explain --tz local --tenant-domains $(NOTE_TENANT) tests/fixtures/har/note-scenario.har
	@echo "== The org's triage from the User Status Report's HAR, tenant domain example.com =="
	target/release/caldoctor triage --format markdown --tenant-domains example.com tests/fixtures/har/user-status-report.har

# Speed and size, printed as ratios measured side by side in one run (never asserted). The banner
# latency is measured against the one-module design too: one module with every export, loaded
# under both names, and banner.html without its preloads, built into target/bench/one/
# (dist/*-test are the split design's). Every
# figure also goes to target/bench/results.json (see tools/bench-results.mjs).
BENCH := target/bench
bench-one: setup
	$(call wasm-module,web-banner$(,)web-pages,$(BENCH)/wasm-one,$(WASM_MODULES))
	node tools/build-extension.mjs --wasm $(BENCH)/wasm-one --out $(BENCH)/one
	sed -i '/rel="modulepreload"\|rel="preload"/d' $(BENCH)/one/*/banner.html  # as it was: no preload

bench: browsers build bench-one
	rm -f $(BENCH)/results.json
	cargo bench --bench har_speed
	cargo bench --bench status_scale
	cargo bench --bench triage_scale
	cargo build --release --bin caldoctor  # caldoctor explain's memory on the 100 MB HAR
	node tools/measure-browser.mjs --compare $(BENCH)/one/chromium-test
	node tools/measure-idle-cost.mjs
	node --expose-gc tools/measure-org-data.mjs --subjects 40000 --chromium --record
	node tools/bench-results.mjs sizes --split $(WASM_OUT) --one $(BENCH)/wasm-one --zips dist --one-zips $(BENCH)/one

clean:
	cargo clean
	rm -rf dist node_modules

# Property-based fuzzing (tests/fuzz): every target for its share of FUZZ_SECONDS with fresh
# seeds, in an optimized build that keeps overflow checks and debug assertions; prints each
# target's executions and failures, then their totals. `make test-native` runs the same targets
# briefly, with fixed seeds.
FUZZ_SECONDS ?= 180
FUZZ_CARGO := cargo test --test fuzz --profile fuzz --config 'profile.fuzz.inherits="release"' \
	--config 'profile.fuzz.lto=false' --config 'profile.fuzz.codegen-units=16' \
	--config 'profile.fuzz.debug-assertions=true' --config 'profile.fuzz.overflow-checks=true'

.PHONY: fuzz
fuzz:
	$(FUZZ_CARGO) --no-run
	@targets=$$($(FUZZ_CARGO) -q -- --list 2>/dev/null | grep -c ': test$$'); \
	FUZZ_TARGET_SECONDS=$$(( $(FUZZ_SECONDS) / targets )) $(FUZZ_CARGO) -q -- --nocapture --test-threads=1 2>&1 | \
		awk '{ print } / executions, [0-9]+ failures$$/ { for (i = 2; i < NF; i++) if ($$i == "executions,") \
		{ executions += $$(i - 1); failures += $$(i + 1) } } \
		END { printf "fuzz: %d executions, %d failures in all\n", executions, failures; exit (failures > 0) }'
