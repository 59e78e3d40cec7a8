#!/usr/bin/env bash
# fuzz-run.sh — one bounded libFuzzer run (the host.fuzz.* tests): copies the seed files into a
# fresh corpus directory, then runs the fuzzer on it.  Fails, keeping the input that did it under
# WORKDIR, on a crash, a sanitizer report, a broken promise (abort) or an input that hangs.
#
# usage: fuzz-run.sh FUZZER WORKDIR SECONDS [--elf-seeds] [SEED...]
# A device tree among the seeds is cut to the totalsize in its header (QEMU pads its dumps with
# zeros to 1 MiB, and the fuzzer would spend its time on the padding).  --elf-seeds adds two
# small hand-made ELF programs: one segment, and the ELF_MAX_SEGMENTS (8) that elf.c allows.
set -euo pipefail

usage="usage: fuzz-run.sh FUZZER WORKDIR SECONDS [--elf-seeds] [SEED...]"
[ $# -ge 3 ] || { echo "$usage" >&2; exit 2; }
fuzzer=$1 work=$2 seconds=$3
shift 3
elf_seeds=0
if [ "${1:-}" = --elf-seeds ]; then
	elf_seeds=1
	shift
fi

# Prints `value` as `bytes` little-endian bytes.
le() {
	local value=$1 bytes=$2 i
	for ((i = 0; i < bytes; i++)); do
		printf "\\$(printf %03o $(((value >> (8 * i)) & 255)))"
	done
}

# elf_program FILE ENTRY SEGMENT...: a RISC-V ET_EXEC (soft-float) with one PT_LOAD per SEGMENT
# ("flags:offset:vaddr:filesz:memsz"), right after the 64-byte ELF header; the file is zero-padded
# to hold every segment's bytes.
elf_program() {
	local out=$1 entry=$2 seg flags offset vaddr filesz memsz size
	shift 2
	size=$((64 + 56 * $#))
	{
		printf '\177ELF\002\001\001'
		le 0 9
		le 2 2 && le 243 2 && le 1 4                 # ET_EXEC, EM_RISCV, EV_CURRENT
		le "$entry" 8 && le 64 8 && le 0 8           # e_entry, e_phoff, e_shoff
		le 1 4 && le 64 2 && le 56 2 && le $# 2      # e_flags (RVC), e_ehsize, e_phentsize, e_phnum
		le 64 2 && le 0 2 && le 0 2                  # e_shentsize, e_shnum, e_shstrndx
		for seg in "$@"; do
			IFS=: read -r flags offset vaddr filesz memsz <<<"$seg"
			le 1 4 && le "$flags" 4 && le "$offset" 8 && le "$vaddr" 8 && le "$vaddr" 8
			le "$filesz" 8 && le "$memsz" 8 && le 4096 8
			if ((offset + filesz > size)); then
				size=$((offset + filesz))
			fi
		done
	} >"$out"
	truncate -s "$size" "$out"
}

corpus=$work/corpus
rm -rf "$corpus"
mkdir -p "$corpus"
for seed in "$@"; do
	[ -f "$seed" ] || { echo "fuzz-run.sh: no seed file $seed" >&2; exit 2; }
	out=$corpus/$(basename "$seed")
	if [ "$(od -An -tx1 -N4 "$seed" | tr -d ' \n')" = d00dfeed ]; then
		head -c "$(od -An -tu4 --endian=big -j4 -N4 "$seed" | tr -d ' ')" "$seed" >"$out"
	else
		cp "$seed" "$out"
	fi
done
if [ $elf_seeds = 1 ]; then
	# R+X = 5, R = 4, R+W = 6; segments a page apart, all reading the start of the file.
	elf_program "$corpus/one-segment.elf" 0x10010 5:0:0x10000:0x100:0x100
	segs=()
	for i in 0 1 2 3 4 5 6 7; do
		segs+=("$((4 + (i % 3 == 0) + 2 * (i % 3 == 2))):0:$((0x10000 + i * 0x1000)):0x40:0x800")
	done
	elf_program "$corpus/eight-segments.elf" 0x10000 "${segs[@]}"
fi
echo "fuzz-run.sh: $(find "$corpus" -type f | wc -l) seeds in $corpus"

# The progress lines (one per new input) go to a log; what is printed is the summary, or on a
# failure everything else: the report, the broken promise and where the input was written.
log=$work/fuzz.log
status=0
"$fuzzer" -max_total_time="$seconds" -seed=1 -timeout=10 -print_final_stats=1 \
	-artifact_prefix="$work/" "$corpus" >"$log" 2>&1 || status=$?
if [ $status -eq 0 ]; then
	grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::|^Done ' "$log" || true
else
	grep -vE '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)|^[[:space:]]+NEW_FUNC' "$log" || true
	echo "fuzz-run.sh: $fuzzer failed ($status); log: $log; run the input that did it" \
		"again with: $fuzzer FILE (FILE: \"Test unit written to\" above)" >&2
fi
exit $status
