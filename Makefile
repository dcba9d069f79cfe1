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
FUZZ_SEED ?=
# The campaign exits 0 (no new finding), 1 (new findings) or 2 (usage or
# setup error, a bad FUZZ_OUT too). GNU make cannot pass a 1 on: whatever a
# recipe returns, make exits 2 when it fails (1 is kept for -q). So make's
# status says only "clean" (0) or not (2), and the campaign's own status is
# kept apart: the recipe's last line names a 1 (a 2 is make's own), and the
# campaign writes it to $(FUZZ_OUT)/exit-status. tools/fuzz-campaign.sh run
# directly (as docker/entrypoint.sh does) exits with it.
fuzz:
	@KERNEL_SRC="$(KERNEL_SRC)" tools/fuzz-campaign.sh --seconds "$(FUZZ_SECONDS)" --out "$(FUZZ_OUT)" \
		--jobs "$(FUZZ_JOBS)" $(if $(FUZZ_TARGETS),--targets "$(FUZZ_TARGETS)") \
		$(if $(FUZZ_BUGS),--bugs "$(FUZZ_BUGS)") $(if $(FUZZ_KERNEL),--kernel "$(FUZZ_KERNEL)") \
		$(if $(FUZZ_SEED),--seed "$(FUZZ_SEED)"); \
	rc=$$?; [ $$rc != 1 ] || echo "make fuzz: campaign exit status 1, new findings (make exits 2)" >&2; \
	exit $$rc
