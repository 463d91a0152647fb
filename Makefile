# evermed-ops — build, test, benchmark and demo.
#
#   make deps    install missing system packages (apt; uses sudo when not root)
#   make build   debug build
#   make test    build the tests, run them against a throwaway PostgreSQL (scripts/with-postgres.sh)
#   make test-llm  opt-in: a real small model (llama.cpp server + SmolLM2 from PyPI) behind diagnose --explain
#   make test-roundtrip FIXTURES=DIR  opt-in: the diff --sql round trip on another suite's fixtures (migra's)
#   make bench   release build, then bench/run.sh against a throwaway PostgreSQL
#   make demo    release build, then scripts/demo.sh (the October 2025 schema-drift crisis, replayed)
#   make clean
#
# BUILD_DIR=.build-foo keeps a separate SwiftPM scratch directory (e.g. when others share .build).

SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

# Find swift even when /opt/swift/usr/bin is not on PATH.
ifneq ($(wildcard /opt/swift/usr/bin/swift),)
export PATH := /opt/swift/usr/bin:$(PATH)
endif

# make tells its children whether they write to a terminal (MAKE_TERMOUT, MAKE_TERMERR); SwiftPM keys its build
# on the environment, so without this `make demo` on a terminal and in a pipe would each rebuild everything.
SWIFT       ?= env -u MAKE_TERMOUT -u MAKE_TERMERR swift
BUILD_DIR   ?= .build
SWIFT_FLAGS ?=
SCRATCH     := --scratch-path $(BUILD_DIR)
# Release binaries carry the Swift runtime and Foundation inside (swift.org's advice for shipping on Linux: no
# Swift toolchain needed where it runs), which also spares each run ~7 ms of dynamic linking.
RELEASE     := -c release --static-swift-stdlib
DEBUG_BIN   := $(abspath $(BUILD_DIR)/debug/evermed-ops)
RELEASE_BIN := $(abspath $(BUILD_DIR)/release/evermed-ops)

.PHONY: deps build release test test-llm test-roundtrip bench demo clean

deps:
	@scripts/install-deps.sh

build:
	$(SWIFT) build $(SCRATCH) $(SWIFT_FLAGS)

release:
	$(SWIFT) build $(RELEASE) $(SCRATCH) $(SWIFT_FLAGS)

test: deps
	$(SWIFT) build --build-tests $(SCRATCH) $(SWIFT_FLAGS)
	EVERMED_OPS_BIN=$(DEBUG_BIN) scripts/run-tests.sh --skip-build $(SCRATCH) $(SWIFT_FLAGS)

# Opt-in, not in CI: a real small model (SmolLM2-135M on llama.cpp's server, from PyPI) behind diagnose --explain.
test-llm: deps build
	EVERMED_OPS_BIN=$(DEBUG_BIN) scripts/with-postgres.sh scripts/test-llm.sh

# Opt-in, not in CI: the round trip of `diff --sql` on a folder of a.sql/b.sql pairs, such as migra's tests/FIXTURES
# (git clone https://github.com/djrobstep/migra; never committed here). Its rls fixtures need schemainspect_test_role.
FIXTURES ?=
test-roundtrip: deps
	@[[ -n "$(FIXTURES)" && -d "$(FIXTURES)" ]] || { echo "make test-roundtrip FIXTURES=DIR (a folder of fixtures with a.sql and b.sql each)" >&2; exit 2; }
	$(SWIFT) build --build-tests $(SCRATCH) $(SWIFT_FLAGS)
	EVERMED_OPS_BIN=$(DEBUG_BIN) EVERMED_ROUNDTRIP_FIXTURES=$(abspath $(FIXTURES)) \
	EVERMED_ROUNDTRIP_SETUP='DO $$$$ BEGIN CREATE ROLE schemainspect_test_role; EXCEPTION WHEN duplicate_object THEN NULL; END $$$$' \
	    scripts/with-postgres.sh $(SWIFT) test --skip-build $(SCRATCH) --filter RoundTripEndToEndTests

bench: deps
	$(SWIFT) build $(RELEASE) $(SCRATCH) $(SWIFT_FLAGS)
	PG_CLUSTER_SHARED_BUFFERS=512MB EVERMED_OPS_BIN=$(RELEASE_BIN) scripts/with-postgres.sh bench/run.sh

demo: deps
	$(SWIFT) build $(RELEASE) $(SCRATCH) $(SWIFT_FLAGS)
	EVERMED_OPS_BIN=$(RELEASE_BIN) scripts/demo.sh

clean:
	rm -rf $(BUILD_DIR) .build-harness .demo .test-pg .venv-llm
