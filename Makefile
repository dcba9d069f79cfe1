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
# Empty FUZZ_TARGETS: every target, the kernel ones when the build holds a tree.
FUZZ_TARGETS ?=
FUZZ_JOBS ?= $(JOBS)
FUZZ_BUGS ?=
FUZZ_KERNEL ?=
fuzz:
	@KERNEL_SRC="$(KERNEL_SRC)" tools/fuzz-campaign.sh --seconds $(FUZZ_SECONDS) --out $(FUZZ_OUT) \
		--jobs $(FUZZ_JOBS) $(if $(FUZZ_TARGETS),--targets "$(FUZZ_TARGETS)") \
		$(if $(FUZZ_BUGS),--bugs "$(FUZZ_BUGS)") $(if $(FUZZ_KERNEL),--kernel "$(FUZZ_KERNEL)")
