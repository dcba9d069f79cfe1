#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Make sure the tools a build needs are installed. Usage: tools/deps.sh [test|fuzz|afl|plot]
# As root, missing Debian packages are installed with apt-get; otherwise the
# exact apt-get command is printed and the script fails (exit 2).
set -euo pipefail

want=${1:-test}
need=()

have() { command -v "$1" >/dev/null 2>&1; }
need_pkg() { need+=("$1"); }

have cmake || need_pkg cmake
have ninja || need_pkg ninja-build
have gcc || need_pkg gcc
have clang || need_pkg clang
have llvm-profdata || need_pkg llvm
# kernel/core/extract.py takes a tree's iommu core out at configure time
have python3 || need_pkg python3
# ASan/UBSan/libFuzzer runtimes for clang
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.a >/dev/null 2>&1 || need_pkg libclang-rt-dev
# The kernel engine's trees (tools/kernel-tree): Debian's kernel sources
if [ "$want" != plot ]; then
	for v in 6.1 6.12; do
		[ -f /usr/src/linux-source-$v.tar.xz ] || need_pkg linux-source-$v
	done
fi
# tools/bug-hunt's plots: Debian's matplotlib (a python3 earlier on PATH may not see it)
if [ "$want" = plot ]; then
	/usr/bin/python3 -c 'import matplotlib' 2>/dev/null || need_pkg python3-matplotlib
fi
if [ "$want" = afl ]; then
	have afl-fuzz || need_pkg afl++
	have afl-clang-fast || need_pkg afl++-clang
fi

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "missing packages; install them with: sudo apt-get install -y ${need[*]}" >&2
	exit 2
fi
echo "installing: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
