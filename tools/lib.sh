# SPDX-License-Identifier: GPL-2.0-only
# tools/lib.sh: what the tools' shell scripts share. Sourced, never run:
#
#	prog=NAME
#	. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It sets $src (the source tree) and defines die/note (one line on stderr,
# "NAME: ..."), the fuzz targets, their seeds and dictionaries, build (the
# presets, incremental, serialised by a lock), and the kernel tree a
# fuzz_kernel_* target runs. Nothing here reads the environment to decide
# what an input means.

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The differential targets and the page-size one; the kernel targets exist
# only when the build holds a kernel tree.
IPF_TARGETS="fuzz_unmap fuzz_map fuzz_smmu fuzz_pgsize"
IPF_KERNEL_TARGETS="fuzz_kernel_unmap fuzz_kernel_map"

die() { echo "${prog:-tools}: $*" >&2; exit 2; }
note() { echo "${prog:-tools}: $*" >&2; }

is_target() { # name [list]
	case " ${2:-$IPF_TARGETS $IPF_KERNEL_TARGETS} " in *" $1 "*) return 0 ;; esac
	return 1
}

# A target's seed corpus and dictionary: page-size vectors or programs.
seeds_of() { [ "$1" = fuzz_pgsize ] && echo "$src/build/gcc/seeds/pgsize" || echo "$src/build/gcc/seeds/programs"; }
dict_of() { [ "$1" = fuzz_pgsize ] && echo "$src/fuzz/pgsize.dict" || echo "$src/fuzz/programs.dict"; }

# The target of an input: from its name (fuzz_map-crash-...) or the nearest directory
# named after a target (out/crashes/fuzz_map/...), else fuzz_smmu.
infer_target() { # path -> "NAME how"
	local path base t
	base=$(basename -- "$1")
	for t in $IPF_TARGETS $IPF_KERNEL_TARGETS; do
		case $base in "$t"-*|"$t"_*|"$t".*) echo "$t (from the file name)"; return ;; esac
	done
	if [ -d "$1" ]; then path=$(cd "$1" && pwd -P); else path=$(cd "$(dirname -- "$1")" && pwd -P); fi
	while [ "$path" != / ] && [ -n "$path" ]; do
		base=$(basename -- "$path")
		if is_target "$base"; then
			echo "$base (from the directory $path)"
			return
		fi
		path=$(dirname -- "$path")
	done
	echo "fuzz_smmu (the default)"
}

# A bug's name as its file names spell it: ADD_PAGE_FIRST -> add-page-first.
lower() { echo "$1" | tr 'A-Z_' 'a-z-'; }

# A path as a report shows it: relative to the source tree when inside it.
show_path() {
	local p
	p=$(realpath -m -- "$1")
	case $p in "$src"/*) echo "${p#"$src"/}" ;; *) echo "$p" ;; esac
}

# Build targets of a preset into build/PRESET (configured when it is not yet),
# unless no_build=1. Builds of the tools are serialised by a lock file there;
# the log is kept beside it and its tail shown on failure.
build() { # preset target...
	local preset=$1 dir=$src/build/$1
	shift
	[ "${no_build:-0}" = 0 ] || return 0
	mkdir -p "$dir" || die "build/$preset: cannot create it"
	if ! (
		flock 9
		if [ ! -f "$dir/CMakeCache.txt" ] || [ ! -f "$dir/build.ninja" ]; then
			cd "$src" && cmake --preset "$preset" || exit 1
		fi
		cmake --build "$dir" --target "$@"
	) 9>"$dir/.tools.lock" >"$dir/.tools-build.log" 2>&1; then
		tail -n 20 "$dir/.tools-build.log" >&2
		die "building $* with preset $preset failed (build/$preset)"
	fi
}

# The kernel trees of a build ('iopgfuzz kernels': name, version, ..., core).
# The newest, as the build's fuzz_kernel_* targets choose it (kernel/CMakeLists.txt).
newest_kernel() { # iopgfuzz
	"$1" kernels | sort -t "$(printf '\t')" -k2,2V | tail -n 1 | cut -f1
}
has_kernel() { # iopgfuzz tree
	"$1" kernels | cut -f1 | grep -qxF -- "$2"
}
# The engine a kernel target runs for a tree: with the tree's own core where the
# build has it (kernel-core), else the model's core (kernel).
kernel_engine() { # iopgfuzz tree
	"$1" kernels | awk -F'\t' -v k="$2" '$1 == k { print ($4 == "core: kernel-core") ? "kernel-core" : "kernel" }'
}
kernel_version() { # iopgfuzz tree
	"$1" kernels | awk -F'\t' -v k="$2" '$1 == k { print $2 }'
}

# A Python 3 that has a module (matplotlib lives in Debian's /usr/bin/python3,
# which a python3 earlier on PATH may not see); plain python3 when none has it.
python_with() { # module
	local p
	for p in python3 /usr/bin/python3; do
		command -v "$p" >/dev/null 2>&1 && "$p" -c "import $1" 2>/dev/null && { echo "$p"; return; }
	done
	echo python3
}
