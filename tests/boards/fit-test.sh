#!/usr/bin/env bash
# fit-test.sh — every board's FIT (scripts/image) as `mkimage -l` lists it: one RISC-V
# kernel image, loaded and entered at the board's RAM base + 2 MiB, and a default
# configuration that names it; every board's FAT image holds the files U-Boot looks for.
set -uo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
source "$(dirname "$0")/cases.sh"

declare -A LOAD=([qemu-virt]=0x80200000 [unleashed]=0x80200000 [unmatched]=0x80200000
	[visionfive2]=0x40200000)

for board in visionfive2 unmatched unleashed qemu-virt; do
	dir=$BATON_BUILD/images/$board
	listing=$(mkimage -l "$dir/baton.itb" 2>&1)
	ok=0
	for want in "FIT description: baton for $board" "Image 0 (kernel)" "Type:         Kernel Image" \
		"Architecture: RISC-V" "OS:           Linux" "Load Address: ${LOAD[$board]}" \
		"Entry Point:  ${LOAD[$board]}" "Default Configuration: 'baton'" "Kernel:       kernel"; do
		grep -qF -- "$want" <<<"$listing" || { echo "  $board: mkimage -l lacks: $want"; ok=1; }
	done
	size=$(stat -c %s "$dir/baton.bin")
	grep -qE "Data Size: +$size Bytes" <<<"$listing" || { echo "  $board: data size is not $size"; ok=1; }
	case_line $ok "image.fit.$board"

	ok=0
	files=$(MTOOLS_SKIP_CHECK=1 mdir -b -i "$dir/boot.vfat" :: 2>&1)
	for f in baton.bin baton.itb boot.scr; do
		grep -qi "/$f\$" <<<"$files" || { echo "  $board: boot.vfat lacks $f"; ok=1; }
	done
	if [ "$board" = visionfive2 ]; then
		grep -qi "/uEnv.txt\$" <<<"$files" || { echo "  $board: boot.vfat lacks uEnv.txt"; ok=1; }
	fi
	MTOOLS_SKIP_CHECK=1 mtype -i "$dir/boot.vfat" ::/baton.bin | cmp -s - "$dir/baton.bin" ||
		{ echo "  $board: baton.bin on the FAT differs"; ok=1; }
	mkimage -l "$dir/boot.scr" | grep -q "Script" || { echo "  $board: boot.scr is not a script"; ok=1; }
	case_line $ok "image.fat.$board"
done
cases_done fit-test
