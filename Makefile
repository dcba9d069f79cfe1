# SPDX-License-Identifier: GPL-2.0-only
# The user's door. `make test` builds every variant the tests use and runs
# ctest in each; `make fuzz` runs a fuzzing campaign.
PRESETS ?= gcc clang asan gcc-asan
JOBS ?= $(shell nproc)

.PHONY: all test build deps clean

all: build

# The kernel engine's trees: Debian's 6.1 and 6.12 sources, and KERNEL_SRC=
# (a tree or tarball, or NAME=PATH) if given; the few files needed land in
# build/kernel once (tools/kernel-tree).
KERNEL_SRC ?=
deps:
	@tools/deps.sh test
	@KERNEL_SRC="$(KERNEL_SRC)" tools/kernel-tree prepare build/kernel

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
