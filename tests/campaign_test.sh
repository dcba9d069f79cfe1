#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The campaign and what feeds it tell the truth and keep data:
#  - tools/fuzz-campaign.sh: one definition of a finding (crash-, timeout-,
#    leak-, oom- files; slow-unit- files apart), earlier findings apart and not
#    counted, the flags that replay each finding, the wall time next to the
#    budget, exit 1 for new findings and 2 for a bad --out (make fuzz too);
#  - iopgfuzz encode never overwrites its input and names the fields a binary
#    program does not carry to a fuzz target;
#  - iopgfuzz gen draws only configurations ref and opt accept, the same per seed;
#  - tools/docker-check never empties a directory it did not make.
# usage: campaign_test.sh SOURCE_DIR IOPGFUZZ
# The campaigns run with --no-build on build/fuzz and build/gcc when they are
# there (skipped, with a message, otherwise); nothing here starts dockerd.
set -u
src=$(cd "${1:?usage: campaign_test.sh SOURCE_DIR IOPGFUZZ}" && pwd)
bin=${2:?usage: campaign_test.sh SOURCE_DIR IOPGFUZZ}
. "$(dirname -- "$0")/check.sh"
start=$SECONDS
C=$src/tools/fuzz-campaign.sh

# ---- a bad output directory: exit 2 before any build, from the script and from make ------------
touch "$tmp/file"
check campaign-out-under-file 2 "$C" --out "$tmp/file/sub"
one_line campaign-out-under-file "$tmp/err" '^fuzz-campaign: --out .*file/sub'
check make-fuzz-out-under-file 2 make --no-print-directory -C "$src" fuzz FUZZ_OUT="$tmp/file/sub"
contains make-fuzz-out-under-file "$tmp/err" '^fuzz-campaign: --out .*file/sub'
check campaign-bad-seconds 2 "$C" --seconds x
one_line campaign-bad-seconds "$tmp/err" '^fuzz-campaign: '

# ---- encode: never over its input; a note for what a fuzz target does not read ----------------
printf 'config ttl=strict\nmap iova=0x0 paddr=0x0 size=4K prot=rw\n' >"$tmp/strict.txt"
sum=$(sha1sum <"$tmp/strict.txt")
check encode-over-input 2 "$bin" encode "$tmp/strict.txt" -o "$tmp/strict.txt"
one_line encode-over-input "$tmp/err" "^iopgfuzz encode: .*strict.txt: the output is the input"
ln -s strict.txt "$tmp/alias.txt"
check encode-over-input-link 2 "$bin" encode "$tmp/strict.txt" -o "$tmp/alias.txt"
one_line encode-over-input-link "$tmp/err" "the output is the input"
[ "$(sha1sum <"$tmp/strict.txt")" = "$sum" ] && [ -L "$tmp/alias.txt" ] && pass ||
	fail "encode-over-input: the input changed"
check encode-ttl-strict 0 "$bin" encode "$tmp/strict.txt" -o "$tmp/strict.bin"
one_line encode-ttl-strict "$tmp/err" '^iopgfuzz encode: note: .*keeps ttl=strict, but only --bugs=input reads it back'
check encode-bugs 0 "$bin" encode "$src/corpus/regress/no-access-hang.txt" -o "$tmp/hang.bin"
one_line encode-bugs "$tmp/err" '^iopgfuzz encode: note: .*keeps bugs=MAP_NO_ACCESS, but only --bugs=input'
printf 'map iova=0x0 paddr=0x0 size=4K prot=rw\n' >"$tmp/plain.txt"
check encode-plain 0 "$bin" encode "$tmp/plain.txt" -o "$tmp/plain.bin"
[ ! -s "$tmp/err" ] && pass || fail "encode-plain: a note for a program that keeps everything"
# The note is true: the fuzz targets' reading drops ttl=strict, --bugs=input keeps it.
check encode-ttl-read 0 "$bin" print "$tmp/strict.bin"
contains encode-ttl-read "$tmp/out" ' ttl=hint '
check encode-ttl-read-input 0 "$bin" print --bugs=input "$tmp/strict.bin"
contains encode-ttl-read-input "$tmp/out" ' ttl=strict '

# ---- gen: accepted configurations only, the same per seed; --any keeps the first draw ----------
mkdir -p "$tmp/gen" "$tmp/any"
for s in $(seq 1 300); do
	"$bin" gen --seed "$s" >"$tmp/gen/$s.txt" 2>>"$tmp/gen.err"
	"$bin" gen --any --seed "$s" >"$tmp/any/$s.txt" 2>>"$tmp/any.err"
done
check gen-accepted 0 "$bin" run --quiet "$tmp"/gen/*.txt
contains gen-accepted "$tmp/out" '^300 programs: 300 agree, 0 findings, 0 unusable'
[ ! -s "$tmp/gen.err" ] && pass || fail "gen: wrote to stderr: $(head -n 1 "$tmp/gen.err")"
"$bin" run --porcelain "$tmp"/any/*.txt >"$tmp/any.run"
refused=$(awk -F'\t' '$2 == "unusable" { n = $1; sub(".*/", "", n); sub("[.]txt$", "", n); print n }' "$tmp/any.run")
if [ -n "$refused" ]; then
	# The first draw of these seeds is refused: --any says so, gen draws another, the same each time.
	[ "$(wc -l <"$tmp/any.err")" = "$(wc -w <<<"$refused")" ] && pass ||
		fail "gen --any: $(wc -l <"$tmp/any.err") notes for $(wc -w <<<"$refused") refused configurations"
	contains gen-any-note "$tmp/any.err" '^iopgfuzz gen: note: seed [0-9]+: .*refuse'
	for s in $refused; do
		cmp -s "$tmp/gen/$s.txt" "$tmp/any/$s.txt" && fail "gen --seed $s: the refused configuration kept"
		"$bin" gen --seed "$s" | cmp -s - "$tmp/gen/$s.txt" || fail "gen --seed $s: not the same twice"
	done
	pass
else
	echo "note: no seed in 1..300 draws a configuration ref and opt refuse: gen --any has nothing to show"
fi
same=0
for s in $(seq 1 300); do
	case " $(echo $refused) " in *" $s "*) continue ;; esac
	cmp -s "$tmp/gen/$s.txt" "$tmp/any/$s.txt" && same=$((same + 1))
done
[ "$same" = $((300 - $(wc -w <<<"$refused"))) ] && pass ||
	fail "gen: $same of the accepted first draws kept, expected all"
"$bin" gen --seed 1 -o "$tmp/g1.bin" && "$bin" gen --seed 1 -o "$tmp/g1b.bin" && cmp -s "$tmp/g1.bin" "$tmp/g1b.bin" &&
	pass || fail "gen -o: not the same bytes twice"

# ---- docker-check --out: never empties a directory it did not make -----------------------------
mkdir -p "$tmp/mine" && echo keep >"$tmp/mine/keep"
check docker-check-foreign-out 2 "$src/tools/docker-check" --out "$tmp/mine"
one_line docker-check-foreign-out "$tmp/err" '^docker-check: --out .*mine: not empty and not made by docker-check'
[ "$(cat "$tmp/mine/keep")" = keep ] && pass || fail "docker-check-foreign-out: touched the directory"
mkdir -p "$tmp/made" && touch "$tmp/made/.docker-check" "$tmp/made/old"
check docker-check-own-out 0 env DOCKER_CHECK_ARGS_ONLY=1 "$src/tools/docker-check" --out "$tmp/made"
check docker-check-new-out 0 env DOCKER_CHECK_ARGS_ONLY=1 "$src/tools/docker-check" --out "$tmp/new"
[ -f "$tmp/made/old" ] && [ ! -e "$tmp/new" ] && pass || fail "docker-check: the argument checks changed files"

# ---- campaigns (the fuzz build as it is) ----------------------------------------------------------
fz=$src/build/fuzz/fuzz
if [ -x "$fz/fuzz_pgsize" ] && [ -x "$fz/fuzz_unmap" ] && [ -x "$src/build/gcc/tools/iopgfuzz" ]; then
	# Earlier artifacts of every kind; more appear while the campaign runs.
	o=$tmp/camp
	mkdir -p "$o/crashes/fuzz_pgsize"
	for k in crash timeout leak slow-unit; do echo old >"$o/crashes/fuzz_pgsize/$k-0ld"; done
	(cd "$src" && "$C" --no-build --seconds 2 --jobs 1 --targets fuzz_pgsize --out "$o") >"$tmp/c1.out" 2>&1 &
	pid=$!
	for _ in $(seq 1 300); do [ -f "$o/logs/crashes-before.list" ] && break; sleep 0.1; done
	for k in crash timeout leak oom slow-unit; do echo new >"$o/crashes/fuzz_pgsize/$k-n3w"; done
	rc=0; wait "$pid" || rc=$?
	[ "$rc" = 1 ] && pass || { fail "campaign-kinds: exit $rc, expected 1"; tail -n 30 "$tmp/c1.out"; }
	contains campaign-kinds "$tmp/c1.out" '^fuzz_pgsize +[0-9]+ +[0-9-]+ +[0-9]+ +[0-9]+ +4$'
	# Each campaign draws a seed, prints it, and states exec/s of the run itself.
	contains campaign-seed "$tmp/c1.out" '^== campaign seed [0-9]+ '
	contains campaign-seed "$tmp/c1.out" '^target +executions +exec/s '
	contains campaign-kinds "$tmp/c1.out" '^findings of this campaign: 4 \(1 crash, 1 timeout, 1 leak, 1 oom\)'
	for k in timeout leak oom; do
		contains campaign-kinds "$tmp/c1.out" "^  $o/crashes/fuzz_pgsize/$k-n3w  \[$k\] \(build/fuzz/fuzz/fuzz_pgsize FILE\)$"
	done
	contains campaign-kinds "$tmp/c1.out" "^  $o/crashes/fuzz_pgsize/crash-n3w  \[crash: pgsize\] \(iopgfuzz pgsize --binary\)$"
	contains campaign-kinds "$tmp/c1.out" '^earlier findings, .*: 3 \(1 crash, 1 timeout, 1 leak\)$'
	contains campaign-kinds "$tmp/c1.out" '^slow inputs \(.*not findings\): 2$'
	contains campaign-kinds "$tmp/c1.out" '^== summary \(budget 2 s, fuzzed [0-9]+\.[0-9] s;'
	contains campaign-kinds "$o/exit-status" '^1 '
	# The same directory again: all of it is earlier now, nothing new.
	check campaign-again 0 bash -c "cd '$src' && '$C' --no-build --seconds 1 --jobs 1 --targets fuzz_pgsize --out '$o'"
	contains campaign-again "$tmp/out" '^earlier findings, .*: 7 \(2 crash, 2 timeout, 2 leak, 1 oom\)$'
	contains campaign-again "$tmp/out" "^  $o/crashes/fuzz_pgsize/timeout-n3w  \[timeout\] \(build/fuzz/fuzz/fuzz_pgsize FILE\)$"
	if grep -q '^findings of this campaign' "$tmp/out"; then fail "campaign-again: new findings listed"; else pass; fi

	# A bug campaign stops at once: its time, its replay flags; then a plain one lists it as earlier.
	b=$tmp/bug
	targets=fuzz_unmap
	[ -x "$fz/fuzz_kernel_unmap" ] && targets="fuzz_unmap fuzz_kernel_unmap"
	check campaign-bug 1 bash -c "cd '$src' && '$C' --no-build --seconds 60 --jobs 1 --targets '$targets' --bugs add-page-first --out '$b'"
	cp "$tmp/out" "$tmp/bug.out"
	contains campaign-bug "$tmp/bug.out" '^== summary \(budget 60 s, fuzzed [0-9]\.[0-9] s;'
	contains campaign-bug "$tmp/bug.out" 'tools/reproduce --bugs=ADD_PAGE_FIRST FILE'
	grep -E '^  .*/crash-[0-9a-f]+  \[crash: ' "$tmp/bug.out" >"$tmp/bug.lines"
	[ "$(wc -l <"$tmp/bug.lines")" = "$(wc -w <<<"$targets")" ] && pass ||
		fail "campaign-bug: $(wc -l <"$tmp/bug.lines") crash lines for targets $targets"
	while read -r line; do
		# The line's own flags replay it, as README's steps run them.
		f=${line%%  *}
		cls=$(sed -E 's/.*\[crash: ([^]]*)\].*/\1/' <<<"$line")
		cmd=$(sed -E 's/.*\((.*)\)$/\1/' <<<"$line")
		case $cmd in "iopgfuzz run --target="*--bugs=ADD_PAGE_FIRST*) pass ;; *) fail "campaign-bug: replay '$cmd'" ;; esac
		case $f in */fuzz_kernel_*) case $cmd in *" --engines=opt,kernel"*) pass ;; *) fail "campaign-bug: no --engines in '$cmd'" ;; esac ;; esac
		# shellcheck disable=SC2086
		check campaign-bug-replay 1 "$bin" ${cmd#iopgfuzz } "$f"
		contains campaign-bug-replay "$tmp/out" "\[$cls\]$"
	done <"$tmp/bug.lines"
	check campaign-after-bug 0 bash -c "cd '$src' && '$C' --no-build --seconds 1 --jobs 1 --targets fuzz_unmap --out '$b'"
	contains campaign-after-bug "$tmp/out" '^earlier findings, .*: 1 \(1 crash\)$'
	contains campaign-after-bug "$tmp/out" "^  $b/crashes/fuzz_unmap/crash-[0-9a-f]+  \[crash\] \(iopgfuzz run --target=fuzz_unmap --binary --bugs=ADD_PAGE_FIRST\)$"
	contains campaign-after-bug "$b/exit-status" '^0 '
else
	echo "SKIP campaigns: no fuzz build (cmake --preset fuzz && cmake --build --preset fuzz) or no build/gcc"
fi

echo "campaign: $((SECONDS - start)) s"
check_done campaign
