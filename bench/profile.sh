#!/usr/bin/env bash
# profile.sh OP SIZE [--machine M] — where the instructions of one operation go: boots the
# benchmark under gdb, steps through one OP of SIZE bytes instruction by instruction, and
# prints a count per function (kernel and user).  The full trace (pc, function) is written to
# build/profile-OP-SIZE.txt.  A development tool: see docs/performance.md.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"

op=${1:?usage: bench/profile.sh OP SIZE [--machine virt|sifive_u]}
size=${2:?usage: bench/profile.sh OP SIZE [--machine virt|sifive_u]}
machine=virt smp=1
[ "${3:-}" = --machine ] && machine=${4:?} && { [ "$machine" = sifive_u ] && smp=2 || true; }

# A port of its own, as tests/qemu/gdb-test.sh does, so that a test run alongside (or a
# scripts/run --gdb session) on the default port does not take it.
BATON_GDB_PORT=${BATON_GDB_PORT_PROFILE:-$((20000 + $$ % 20000))}
baton_setup
baton_build
mapfile -t qemu < <(baton_qemu_cmd "$machine" "$smp" 256M 0 1 "init=bench initargs=profile,$op,$size")
# -icount without sleep=off: with it, QEMU never finishes a gdb stepi (seen with QEMU 7.2).
# Counts are the same either way; only an idle guest's clock differs.
qemu+=(-icount shift=0)
trace=$BATON_BUILD/profile-$op-$size.txt
"${qemu[@]}" >"$BATON_BUILD/profile-console.log" 2>&1 &
qemu_pid=$!
trap 'kill $qemu_pid 2>/dev/null || true' EXIT
sleep 1
gdb-multiarch -q -batch "$BATON_KERNEL_ELF" \
	-ex "add-symbol-file $BATON_BUILD/target/bench/bench.elf" \
	-ex "target remote 127.0.0.1:$BATON_GDB_PORT" \
	-ex "set \$trace_file = \"$trace\"" \
	-x "$BATON_ROOT/bench/profile.py" 2>&1 | grep '^profile:'
echo "trace: $trace"
