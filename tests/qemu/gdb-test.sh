#!/usr/bin/env bash
# gdb-test.sh — scripts/gdb must stop at the kernel's physical entry and then at kmain by name.
set -uo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"

export BATON_GDB_PORT=$((20000 + $$ % 20000))
log=$BATON_BUILD/qemu-logs/gdb.log
mkdir -p "${log%/*}"
mapfile -t cmd < <(baton_qemu_cmd virt 1 128M 0 1 "")
timeout -k 5 60 "${cmd[@]}" </dev/null >"$log.qemu" 2>&1 &
qemu=$!
sleep 1
timeout -k 5 50 "$BATON_ROOT/scripts/gdb" -batch -ex 'p/x $pc' -ex 'hbreak kmain' -ex continue \
	-ex 'bt 1' -ex kill >"$log" 2>&1
kill $qemu 2>/dev/null
wait $qemu 2>/dev/null

failures=()
grep -qE 'Breakpoint 1, _start' "$log" || failures+=("did not stop at _start")
grep -qE '^\$1 = 0x80200000' "$log" || failures+=("pc at the entry is not 0x80200000")
grep -qE 'Breakpoint 2(\.[0-9]+)?, kmain \(' "$log" || failures+=("did not stop in kmain")
if [ ${#failures[@]} -eq 0 ]; then
	echo "PASS gdb: stopped at _start (0x80200000) and at kmain"
	exit 0
fi
cat "$log"
printf 'FAIL gdb: %s\n' "${failures[@]}"
exit 1
