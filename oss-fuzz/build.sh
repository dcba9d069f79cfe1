#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only
# OSS-Fuzz / ClusterFuzzLite build script for iopgfuzz.
#
# Runs inside gcr.io/oss-fuzz-base/base-builder (or bare, with the same
# variables exported, as tools/oss-fuzz-check does). It uses only what the
# builder hands it: $CC $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE $OUT $SRC
# $WORK $SANITIZER $FUZZING_ENGINE. Every fuzz target is compiled with $CC and
# $CFLAGS (the sanitizer and coverage flags arrive there, so IPF_SANITIZE stays
# empty), linked with $CXX and $LIB_FUZZING_ENGINE, and shipped to $OUT with
# <target>_seed_corpus.zip, <target>.dict and <target>.options.
#
# The seed corpora are text compiled by the iopgfuzz CLI, so the CLI is built
# first, separately, with the plain system compiler and none of the fuzzing
# flags (it only runs here, at build time).
#
# Where the sources are: $IPF_SRC if set; else the checkout this script sits
# in (oss-fuzz/build.sh of a clone); else $SRC/iopgfuzz (OSS-Fuzz copies
# build.sh to $SRC/build.sh).

: "${SRC:?SRC is not set (run under OSS-Fuzz, or see tools/oss-fuzz-check)}"
: "${OUT:?OUT is not set}"
: "${CC:?CC is not set}"
: "${CXX:?CXX is not set}"
: "${LIB_FUZZING_ENGINE:?LIB_FUZZING_ENGINE is not set}"
CFLAGS=${CFLAGS-}
CXXFLAGS=${CXXFLAGS-}
WORK=${WORK:-$(mktemp -d)}
SANITIZER=${SANITIZER:-address}
FUZZING_ENGINE=${FUZZING_ENGINE:-libfuzzer}

is_repo() { [ -f "$1/CMakeLists.txt" ] && grep -q 'project(iopgfuzz' "$1/CMakeLists.txt"; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -n "${IPF_SRC:-}" ]; then
	repo=$IPF_SRC
elif is_repo "$here/.."; then
	repo=$(cd "$here/.." && pwd)
else
	repo=$SRC/iopgfuzz
fi
is_repo "$repo" || { echo "build.sh: no iopgfuzz checkout at $repo" >&2; exit 1; }

jobs=$(nproc 2>/dev/null || echo 2)
gen=()
command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)

echo "iopgfuzz: engine=$FUZZING_ENGINE sanitizer=$SANITIZER src=$repo out=$OUT work=$WORK"

# 1. Host tools for the seeds: the system compiler, no fuzzing flags.
host_cc=${IPF_HOST_CC:-}
if [ -z "$host_cc" ]; then
	for c in clang cc gcc; do
		if command -v "$c" >/dev/null 2>&1; then host_cc=$c; break; fi
	done
fi
# Kept across builds when $WORK is (helper.py keeps it per project): nothing
# in it depends on the sanitizer or the engine.
host=$WORK/iopgfuzz-host-$(basename "$host_cc")
env -u CFLAGS -u CXXFLAGS -u LDFLAGS -u CPPFLAGS -u LIB_FUZZING_ENGINE \
	cmake -S "$repo" -B "$host" "${gen[@]}" -DCMAKE_C_COMPILER="$host_cc" \
	-DCMAKE_BUILD_TYPE=Release -DIPF_WERROR=OFF -DIPF_SANITIZE= -DIPF_FUZZ_ENGINE= \
	-DIPF_KERNEL_DIR= >/dev/null
env -u CFLAGS -u CXXFLAGS -u LDFLAGS -u CPPFLAGS \
	cmake --build "$host" --target seeds -j "$jobs" >/dev/null

# 2. The kernel engine's tree: $IPF_KERNEL_SRC (trees or tarballs, space
#    separated), else the tarball the Dockerfile pins ($SRC/linux-source-*.tar.xz),
#    else Debian's in /usr/src. Its few files are copied into $WORK/kernel
#    (tools/kernel-tree). Without one, only the model targets are built.
kernel_srcs=()
if [ -n "${IPF_KERNEL_SRC:-}" ]; then
	read -r -a kernel_srcs <<<"$IPF_KERNEL_SRC"
else
	for f in "$SRC"/linux-source-*.tar.xz /usr/src/linux-source-*.tar.xz; do
		[ -f "$f" ] && kernel_srcs+=("$f")
	done
fi
kernel_dir=$WORK/iopgfuzz-kernel
if [ ${#kernel_srcs[@]} -gt 0 ]; then
	# The first of each name wins: the pinned tarball before /usr/src's.
	declare -A named=()
	picked=()
	for f in "${kernel_srcs[@]}"; do
		n=$(basename "$f" .tar.xz)
		[ -n "${named[$n]:-}" ] || { named[$n]=1; picked+=("$f"); }
	done
	"$repo/tools/kernel-tree" prepare "$kernel_dir" "${picked[@]}"
	echo "iopgfuzz: kernel trees: $(tr '\n' ' ' <"$kernel_dir/TREES")"
else
	mkdir -p "$kernel_dir"
	: >"$kernel_dir/TREES"
	echo "iopgfuzz: no kernel tree (\$IPF_KERNEL_SRC, \$SRC/linux-source-*.tar.xz, /usr/src): building the model targets only, no fuzz_kernel_* target"
fi

# 3. The fuzz targets, with the builder's compilers and flags, nothing added
#    (no build type: the optimisation level is the one in $CFLAGS).
build=$WORK/iopgfuzz-fuzz
rm -rf "$build"
cmake -S "$repo" -B "$build" "${gen[@]}" \
	-DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
	-DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
	-DCMAKE_BUILD_TYPE= -DIPF_WERROR=OFF -DIPF_SANITIZE= -DIPF_FUZZ_ENGINE=oss-fuzz \
	-DIPF_KERNEL_DIR="$kernel_dir"
cmake --build "$build" -j "$jobs"
# Every target fuzz/CMakeLists.txt builds (fuzz_unmap fuzz_map fuzz_smmu fuzz_pgsize,
# and fuzz_kernel_unmap fuzz_kernel_map with a tree).
targets=$(cd "$build/fuzz" && for f in fuzz_*; do if [ -f "$f" ] && [ -x "$f" ]; then echo "$f"; fi; done | tr '\n' ' ')
[ -n "${targets// /}" ] || { echo "build.sh: no fuzz target was built" >&2; exit 1; }

# 4. Targets and their side files.
zip_dir() { # zipfile dir: the files of dir, flat
	rm -f "$1"
	if command -v zip >/dev/null 2>&1; then
		(cd "$2" && zip -q -X "$1" ./*)
	else
		python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
out, d = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for f in sorted(os.listdir(d)):
        z.write(os.path.join(d, f), f)
PY
	fi
}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
for t in $targets; do
	if [ "$t" = fuzz_pgsize ]; then
		seeds=$host/seeds/pgsize dict=$repo/fuzz/pgsize.dict max_len=64
	else
		seeds=$host/seeds/programs dict=$repo/fuzz/programs.dict max_len=4096
	fi
	ls "$seeds"/* >/dev/null 2>&1 || { echo "build.sh: no seeds in $seeds" >&2; exit 1; }
	cp "$build/fuzz/$t" "$OUT/$t"
	zip_dir "$OUT/${t}_seed_corpus.zip" "$seeds"
	cp "$dict" "$OUT/$t.dict"
	cat >"$OUT/$t.options" <<OPTIONS
[libfuzzer]
dict = $t.dict
max_len = $max_len
OPTIONS
done
echo "iopgfuzz: built $targets into $OUT"
