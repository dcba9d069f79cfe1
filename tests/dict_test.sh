#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# fuzz/programs.dict says what its tokens are; this checks it. Every entry is a
# libFuzzer token; each cfg_s2_<granule>_ias<N> prefix decodes to that stage-2
# configuration with a concatenated pgd; each 4K one, followed by each
# op_map_big_* token, is a program that finds CONCAT_COUNT with the bug on and
# agrees with every bug off (the tokens are there because an empty corpus
# rarely found that bug).
# usage: dict_test.sh IOPGFUZZ SOURCE_DIR
set -u
bin=$1
dict=$2/fuzz/programs.dict
. "$(dirname -- "$0")/check.sh"

# name="value" lines, the value with \xHH escapes only (what we write).
grep -vE '^(#|$)' "$dict" | grep -vE '^[a-z0-9_]+="(\\x[0-9a-f]{2}|[^"\\])*"$' >"$tmp/bad"
[ -s "$tmp/bad" ] && fail "not a token line: $(head -1 "$tmp/bad")" || pass

token() { # NAME FILE: write the token's bytes
	local v
	v=$(sed -n "s/^$1=\"\(.*\)\"\$/\1/p" "$dict")
	[ -n "$v" ] || return 1
	printf '%b' "$v" >"$2"
}

cfgs=$(sed -n 's/^\(cfg_s2_[a-z0-9]*_ias[0-9]*\)=.*/\1/p' "$dict")
ops=$(sed -n 's/^\(op_map_big_[a-z0-9_]*\)=.*/\1/p' "$dict")
[ "$(echo "$cfgs" | wc -w)" -ge 3 ] && pass || fail "fewer than 3 cfg_s2 tokens"
[ "$(echo "$ops" | wc -w)" -ge 2 ] && pass || fail "fewer than 2 op_map_big tokens"

for c in $cfgs; do
	token "$c" "$tmp/cfg" || { fail "$c: unreadable"; continue; }
	g=${c#cfg_s2_}
	g=${g%%_*}
	ias=${c##*_ias}
	line=$("$bin" print "$tmp/cfg" 2>&1 | grep '^config')
	case $line in
	"config profile="*" fmt=lpae-s2 pgsizes=${g^^},"*" ias=$ias "*) pass ;;
	*) fail "$c decodes to: $line" ;;
	esac
	# The prefix zero-padded to the 32-byte config block: operations follow.
	head -c 32 /dev/zero | cat "$tmp/cfg" - | head -c 32 >"$tmp/cfg32"
	# Concatenated: the pgd is at level 1, so a granule map at 0 (one zero
	# operation byte) allocates the pgd and the tables of levels 2 and 3 only.
	{ cat "$tmp/cfg32"; printf '\x00'; } >"$tmp/g.bin"
	n=$("$bin" trace "$tmp/g.bin" 2>&1 | grep -c '^  ref table alloc')
	[ "$n" = 3 ] && pass || fail "$c: $n tables for one granule (not a concatenated pgd)"
	[ "$g" = 4k ] || continue
	for o in $ops; do
		token "$o" "$tmp/op" || { fail "$o: unreadable"; continue; }
		cat "$tmp/cfg32" "$tmp/op" >"$tmp/p.bin"
		check "$c + $o, CONCAT_COUNT on" 1 "$bin" run --bugs=CONCAT_COUNT "$tmp/p.bin"
		check "$c + $o, every bug off" 0 "$bin" run --bugs=none "$tmp/p.bin"
	done
done

# Layout 2 tokens: after a 32-byte configuration with byte 1 = 0x10 (4K granule),
# each op_map_prot_* token is a map with that prot, each *_below_* one a map or
# unmap at the last granule below the block its name says.
{ printf '\x00\x10'; head -c 30 /dev/zero; } >"$tmp/cfg2"
declare -A want=([none]=none [r]=r [rwx]=rwx [rwc]=rwc [rwm]=rwm [rwp]=rwp)
for k in "${!want[@]}"; do
	token "op_map_prot_$k" "$tmp/op" || { fail "op_map_prot_$k: unreadable"; continue; }
	cat "$tmp/cfg2" "$tmp/op" >"$tmp/p.bin"
	"$bin" print "$tmp/p.bin" 2>&1 | grep -q "^map .* prot=${want[$k]}\$" && pass ||
		fail "op_map_prot_$k decodes to: $("$bin" print "$tmp/p.bin" 2>&1 | grep -v '^#' | tail -1)"
done
for t in map_below_bs2:map:0x1ff000 unmap_below_bs2:unmap:0x1ff000 map_below_bs1:map:0x3ffff000 \
	 unmap_below_bs1:unmap:0x3ffff000; do
	IFS=: read -r name kind iova <<<"$t"
	token "op_$name" "$tmp/op" || { fail "op_$name: unreadable"; continue; }
	cat "$tmp/cfg2" "$tmp/op" >"$tmp/p.bin"
	"$bin" print "$tmp/p.bin" 2>&1 | grep -q "^$kind iova=$iova " && pass ||
		fail "op_$name decodes to: $("$bin" print "$tmp/p.bin" 2>&1 | grep -v '^#' | tail -1)"
done

# Each profile token decodes to the profile its name says.
for c in $(sed -n 's/^\(cfg_profile_v[0-9_a-z]*\)=.*/\1/p' "$dict"); do
	token "$c" "$tmp/cfg" || { fail "$c: unreadable"; continue; }
	v=${c#cfg_profile_}
	v=$(cut -d_ -f1-2 <<<"$v" | tr _ .)
	case $("$bin" print "$tmp/cfg" 2>&1 | grep '^config') in
	"config profile=$v "*) pass ;;
	*) fail "$c does not decode to profile $v" ;;
	esac
done
check_done dict
