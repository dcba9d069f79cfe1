# SPDX-License-Identifier: MIT
# The user's door. `make test` builds every variant the tests use and runs
# ctest in each; `make fuzz` runs a fuzzing campaign.
PRESETS ?= gcc clang asan gcc-asan
JOBS ?= $(shell nproc)

.PHONY: all test build deps clean

all: build

deps:
	@tools/deps.sh test

build: deps
	@for p in $(PRESETS); do \
		cmake --preset $$p >/dev/null && cmake --build --preset $$p -j $(JOBS) || exit 1; \
	done

test: build
	@fail=0; for p in $(PRESETS); do \
		echo "== ctest ($$p)"; \
		ctest --preset $$p -j $(JOBS) || fail=1; \
	done; exit $$fail

clean:
	rm -rf build

.PHONY: fuzz
fuzz:
	@echo "make fuzz: the fuzz targets are not built yet (issue 5); 'make test' runs the tests" >&2
	@exit 2
