#!/usr/bin/env bash
# no-frame-calls.sh — every kernel function marked NO_FRAME_POINTER (lib/compiler.h) may only
# tail-call: a call that returns into a function without a frame pointer hands its callee a
# frame chain that ends there, and the panic backtrace stops short.  Reads the built kernel's
# disassembly; fails naming each such function that contains a jal or jalr (a call with ra).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
elf=${BATON_BUILD:?}/target/kernel/baton.elf

# The name before the first "(" after each NO_FRAME_POINTER (the declaration may wrap once).
mapfile -t names < <(grep -rh -A1 --include='*.c' 'NO_FRAME_POINTER' "$root/kernel" |
	grep -v '#define' | tr '\n' ' ' | sed 's/--/\n/g' |
	grep -oE '[A-Za-z_][A-Za-z0-9_]*\(' | grep -v '^__attribute__' | tr -d '(' | sort -u)
[ ${#names[@]} -gt 0 ] || { echo "no NO_FRAME_POINTER functions found"; exit 1; }

disassembly=$(riscv64-unknown-elf-objdump -d --no-show-raw-insn "$elf")
failed=0
for name in "${names[@]}"; do
	body=$(awk -v f="<$name>:" '$2 == f { on = 1; next } on && NF == 0 { exit } on' \
		<<<"$disassembly")
	if [ -z "$body" ]; then
		echo "not ok $name: not in $elf"
		failed=1
	elif grep -qE $'\tjalr?\t' <<<"$body"; then
		echo "not ok $name: calls and is returned to, without a frame pointer:"
		grep -E $'\tjalr?\t' <<<"$body"
		failed=1
	else
		echo "ok $name: tail calls only"
	fi
done
exit $failed
