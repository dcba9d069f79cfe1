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
FUZZ_SECONDS ?= 300
FUZZ_OUT ?= out
FUZZ_TARGETS ?= fuzz_unmap fuzz_map fuzz_smmu fuzz_pgsize
FUZZ_JOBS ?= $(JOBS)
FUZZ_BUGS ?=
fuzz:
	@tools/fuzz-campaign.sh --seconds $(FUZZ_SECONDS) --out $(FUZZ_OUT) \
		--targets "$(FUZZ_TARGETS)" --jobs $(FUZZ_JOBS) \
		$(if $(FUZZ_BUGS),--bugs "$(FUZZ_BUGS)")
