# SPDX-License-Identifier: GPL-2.0-only
# tools/minimize: fuzz_pgsize vectors: as the page-size request
# 'iopgfuzz pgsize' reads, and their polish field by field.
# Sourced by tools/minimize, never run.

pgsize_text() { # bin -> text on stdout
	local size f_bitmap f_iova f_paddr f_len flags=0
	size=$(stat -c %s -- "$1")
	read -r f_bitmap f_iova f_paddr f_len < <({ head -c 32 -- "$1"; head -c 32 /dev/zero; } |
		head -c 32 | od -An -v -tx8 -w32)
	[ "$size" -le 32 ] || flags=$(od -An -v -tu1 -j 32 -N 1 -- "$1" | tr -d ' ')
	echo "# fuzz_pgsize vector, $size bytes (u64 LE bitmap, iova, paddr, size; flags byte: bit 0 = 32-bit unsigned long)"
	echo "# a page-size request ('iopgfuzz pgsize'): bitmap iova paddr size [32]"
	printf '0x%x 0x%x 0x%x 0x%x%s\n' "$((0x$f_bitmap))" "$((0x$f_iova))" "$((0x$f_paddr))" \
		"$((0x$f_len))" "$([ $((flags & 1)) = 0 ] || echo ' 32')"
}

# Shrink a page-size vector's fields (to 0, clearing bits highest first; the flags byte to
# 0) keeping the class by the replay build, then drop trailing zero bytes (they read as 0).
pv=(0 0 0 0 0)
pv_write() { # file: the vector in pv
	local i b v bytes=
	for ((i = 0; i < 4; i++)); do
		v=${pv[$i]}
		for ((b = 0; b < 8; b++)); do
			printf -v bytes '%s\\x%02x' "$bytes" "$(((v >> (8 * b)) & 0xff))"
		done
	done
	[ "${pv[4]}" = 0 ] || printf -v bytes '%s\\x%02x' "$bytes" "${pv[4]}"
	# Trailing zero bytes read as 0 anyway.
	while [ "${bytes%\\x00}" != "$bytes" ]; do bytes=${bytes%\\x00}; done
	printf '%b' "$bytes" >"$1"
}
pv_try() {
	[ "$cli_runs" -lt "$tries" ] || return 1
	cli_runs=$((cli_runs + 1))
	pv_write "$tmp/pv.bin"
	[ "$(binary_class "$oracle_bin" "$tmp/pv.bin")" = "$dd_class" ]
}
pgsize_polish() { # in out class
	local f_bitmap f_iova f_paddr f_len i b v
	dd_class=$3
	read -r f_bitmap f_iova f_paddr f_len < <({ head -c 32 -- "$1"; head -c 32 /dev/zero; } |
		head -c 32 | od -An -v -tx8 -w32)
	pv=($((0x$f_bitmap)) $((0x$f_iova)) $((0x$f_paddr)) $((0x$f_len)) 0)
	[ "$(stat -c %s -- "$1")" -le 32 ] || pv[4]=$(od -An -v -tu1 -j 32 -N 1 -- "$1" | tr -d ' ')
	if [ "${pv[4]}" != 0 ]; then
		v=${pv[4]} pv[4]=0
		if ! pv_try; then
			pv[4]=$((v & 1))
			[ "${pv[4]}" != 0 ] && [ "$v" != 1 ] && pv_try || pv[4]=$v
		fi
	fi
	for ((i = 0; i < 4; i++)); do
		v=${pv[$i]}
		[ "$v" != 0 ] || continue
		pv[i]=0
		if pv_try; then continue; fi
		pv[i]=$v
		for ((b = 63; b >= 0; b--)); do
			(((v >> b) & 1)) || continue
			pv[i]=$((v & ~(1 << b)))
			if pv_try; then v=${pv[$i]}; else pv[i]=$v; fi
		done
	done
	pv_write "$2"
}

