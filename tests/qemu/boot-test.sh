#!/usr/bin/env bash
# boot-test.sh — boots the kernel in QEMU (directly, or through U-Boot's booti) with a timeout and
# checks its console output.  Fails on a timeout, a panic, a failed case or a missing line.
#
# usage: boot-test.sh NAME [--machine M] [--smp N] [--mem SIZE] [--append ARGS] [--timeout S]
#                     [--icount] [--via-uboot TEXT_OFFSET] [--via-uboot-fit FILE]
#                     [--via-uboot-disk FILE] [--expect-panic]
#                     [--input-after TEXT FILE]... [--expect REGEX]... [--reject REGEX]...
#                     [--expect-count N REGEX]...
# With "selftest" among the boot options, the kernel's self-checks must all pass.
# --input-after types FILE on the console once TEXT has been printed (pairs are taken in
# order); --expect-count wants exactly N lines matching REGEX.
set -uo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"

name=${1:?usage: boot-test.sh NAME [options]}
shift
machine=virt smp=1 mem=256M append= timeout_s=60 uboot_offset= panic_expected=0 icount=0
uboot_fit= uboot_disk=
expects=() rejects=() counts=() inputs=()
while [ $# -gt 0 ]; do
	case $1 in
	--machine) machine=$2; shift ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--append) append=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	--via-uboot) uboot_offset=$2; shift ;;
	--via-uboot-fit) uboot_fit=$2; shift ;;
	--via-uboot-disk) uboot_disk=$2; shift ;;
	--expect-panic) panic_expected=1 ;;
	--icount) icount=1 ;;
	--expect) expects+=("$2"); shift ;;
	--reject) rejects+=("$2"); shift ;;
	--expect-count) counts+=("$2" "$3"); shift 2 ;;
	--input-after) inputs+=("$2" "$3"); shift 2 ;;
	*) baton_die "unknown option '$1'" ;;
	esac
	shift
done

logdir=$BATON_BUILD/qemu-logs
log=$logdir/$name.log
mkdir -p "$logdir"
[ -f "$BATON_KERNEL_BIN" ] || baton_die "no kernel at $BATON_KERNEL_BIN"

# --- direct: OpenSBI loads the raw image at 0x80200000 ---------------------------------------
boot_direct() {
	local cmd
	mapfile -t cmd < <(baton_qemu_cmd "$machine" "$smp" "$mem" "$icount" 0 "$append")
	timeout --foreground -k 5 "$timeout_s" "${cmd[@]}" </dev/null >"$log" 2>&1
}

# --- U-Boot: QEMU loads the image at kernel_addr_r; booti moves it to RAM + text_offset --------
# Reads QEMU's output in chunks (U-Boot's prompts end without a newline) until `want` shows up.
await() {
	local want=$1 chunk
	while :; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		chunk=
		IFS= read -r -t 0.5 -N 4096 chunk <&"$qemu_out"
		local rc=$?
		printf '%s' "$chunk" >>"$log"
		seen+=$chunk
		[[ $seen == *"$want"* ]] && { seen=${seen#*"$want"}; return 0; }
		[ $rc -eq 1 ] && return 1 # end of output: QEMU has exited
	done
}

# start_coprocess COMMAND...: QEMU under the timeout, its console on our pipes.
start_coprocess() {
	: >"$log"
	seen= deadline=$(($(date +%s) + timeout_s))
	coproc QEMU { exec timeout -k 5 "$timeout_s" "$@" 2>&1; }
	# bash drops QEMU[] and QEMU_PID when the coprocess ends: keep our own copies.
	exec {qemu_out}<&"${QEMU[0]}" {qemu_in}>&"${QEMU[1]}"
	qemu_pid=$QEMU_PID
}

# start_uboot QEMU_ARGS...: QEMU virt running U-Boot as the S-mode payload, as a coprocess.
start_uboot() {
	start_coprocess qemu-system-riscv64 -machine virt -smp "$smp" -m "$mem" -nographic \
		-no-reboot -bios "$BATON_OPENSBI_DIR/fw_jump.bin" -kernel "$BATON_UBOOT" "$@"
}

# Types `command` at U-Boot's prompt (after stopping autoboot), then collects the output.
uboot_command() {
	await "Hit any key to stop autoboot" && printf '\n' >&"$qemu_in" &&
		await "=> " && printf '%s\n' "$1" >&"$qemu_in"
	finish_coprocess
}

# --- direct, typing on the console: each file once its text has shown up ---------------------
boot_with_input() {
	local cmd
	mapfile -t cmd < <(baton_qemu_cmd "$machine" "$smp" "$mem" "$icount" 0 "$append")
	start_coprocess "${cmd[@]}"
	finish_coprocess
}

# Types each --input-after file once its text has shown up, then collects everything until
# QEMU exits or the deadline passes.
finish_coprocess() {
	local i
	for ((i = 0; i < ${#inputs[@]}; i += 2)); do
		await "${inputs[i]}" || break
		cat "${inputs[i + 1]}" >&"$qemu_in"
	done
	await "__never__" # collect everything until QEMU exits or the deadline passes
	kill "$qemu_pid" 2>/dev/null
	wait "$qemu_pid" 2>/dev/null
	exec {qemu_out}<&- {qemu_in}>&-
	[ "$(date +%s)" -lt "$deadline" ] || return 124
	return 0
}

# The raw image with its Image header's text_offset set, loaded at kernel_addr_r, booti.
boot_uboot() {
	local image=$logdir/$name.bin
	cp "$BATON_KERNEL_BIN" "$image"
	# text_offset is the little-endian u64 at offset 8 of the Image header.
	printf "$(printf '%016x' "$uboot_offset" | sed -E 's/(..)(..)(..)(..)(..)(..)(..)(..)/\\x\8\\x\7\\x\6\\x\5\\x\4\\x\3\\x\2\\x\1/')" |
		dd of="$image" bs=1 seek=8 conv=notrunc status=none
	start_uboot -device "loader,file=$image,addr=0x84000000,force-raw=on"
	uboot_command "setenv bootargs '$append'; booti 0x84000000 - \${fdtcontroladdr}"
}

# A FIT (scripts/image) loaded clear of the kernel's place, and bootm.
boot_uboot_fit() {
	start_uboot -device "loader,file=$uboot_fit,addr=0x88000000,force-raw=on"
	uboot_command "setenv bootargs '$append'; bootm 0x88000000 - \${fdtcontroladdr}"
}

# A disk (scripts/image) on virtio: U-Boot's distro boot finds boot.scr on its own.
boot_uboot_disk() {
	start_uboot -drive "file=$uboot_disk,if=none,id=disk0,format=raw,snapshot=on" \
		-device virtio-blk-device,drive=disk0
	finish_coprocess
}

start=$(date +%s)
if [ -n "$uboot_offset$uboot_fit$uboot_disk" ]; then
	[ -f "$BATON_UBOOT" ] || baton_die "no U-Boot at $BATON_UBOOT (package u-boot-qemu)"
fi
if [ -n "$uboot_offset" ]; then
	boot_uboot
elif [ -n "$uboot_fit" ]; then
	[ -f "$uboot_fit" ] || baton_die "no FIT at $uboot_fit (scripts/image)"
	boot_uboot_fit
elif [ -n "$uboot_disk" ]; then
	[ -f "$uboot_disk" ] || baton_die "no disk image at $uboot_disk (scripts/image)"
	boot_uboot_disk
elif [ ${#inputs[@]} -gt 0 ]; then
	boot_with_input
else
	boot_direct
fi
status=$?

failures=()
[ $status -eq 124 ] && failures+=("timed out after ${timeout_s}s")
if [ $panic_expected = 0 ]; then
	grep -q 'PANIC' "$log" && failures+=("kernel panicked")
fi
if [[ " $append " == *" selftest "* ]]; then
	grep -qE '^selftest: [0-9]+ passed, 0 failed' "$log" || failures+=("self-checks did not all pass")
fi
grep -qE '^not ok ' "$log" && failures+=("a case failed")
for re in "${expects[@]}"; do
	grep -qE -- "$re" "$log" || failures+=("missing: $re")
done
for ((i = 0; i < ${#counts[@]}; i += 2)); do
	n=$(grep -cE -- "${counts[i + 1]}" "$log")
	[ "$n" = "${counts[i]}" ] || failures+=("${counts[i + 1]}: $n lines, not ${counts[i]}")
done
for re in "${rejects[@]}"; do
	grep -qE -- "$re" "$log" && failures+=("unexpected: $re")
done

grep -E '^(not )?ok [0-9]+ ' "$log"
if [ ${#failures[@]} -eq 0 ]; then
	echo "PASS $name ($(($(date +%s) - start))s)"
	exit 0
fi
echo "--- last 40 lines of $log"
tail -n 40 "$log"
printf 'FAIL %s: %s\n' "$name" "${failures[@]}"
exit 1
