#!/usr/bin/env bash
# flash-test.sh — scripts/flash on a disk image laid out like the VisionFive 2 vendor SD card
# (SPL, U-Boot, FAT boot partition, root): baton's files land in the FAT partition, the
# vendor's uEnv.txt is kept aside, and every byte outside that filesystem is unchanged.  Bad
# devices are refused with nothing written.
set -uo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
source "$(dirname "$0")/cases.sh"

work=$BATON_BUILD/flash-test
rm -rf "$work"
mkdir -p "$work"
disk=$work/sdcard.img
export MTOOLS_SKIP_CHECK=1

# The vendor layout (docs/boards.md): spl 2 MiB at 2 MiB, uboot 4 MiB at 4 MiB, a FAT
# "image" partition at 8 MiB, root after it.  The firmware partitions hold random bytes.
truncate -s 80M "$disk"
sfdisk -q "$disk" >/dev/null <<'LAYOUT'
label: gpt
start=4096, size=4096, type=2E54B353-1271-4842-806F-E436D6AF6985, name=spl
start=8192, size=8192, type=5B193300-FC78-40CD-8002-E86C45580B47, name=uboot
start=16384, size=65536, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name=image
start=81920, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=root
LAYOUT
for p in "4096 4096" "8192 8192" "81920 79872"; do
	set -- $p
	head -c $(($2 * 512)) /dev/urandom | dd of="$disk" bs=512 seek="$1" conv=notrunc status=none
done
mkfs.vfat --offset 16384 -n IMAGE "$disk" 65536 >/dev/null
printf 'vendor=1\n' >"$work/uEnv.txt"
mcopy -i "$disk@@$((16384 * 512))" "$work/uEnv.txt" ::/

# Everything but the FAT partition, hashed before and after.
outside() {
	{
		dd if="$disk" bs=512 count=16384 status=none
		dd if="$disk" bs=512 skip=81920 count=79872 status=none
	} | sha256sum
}
before=$(outside)

"$BATON_ROOT/scripts/flash" --board visionfive2 --device "$disk" --yes >"$work/flash.log" 2>&1
ok=$?
fat="$disk@@$((16384 * 512))"
for f in baton.bin baton.itb boot.scr uEnv.txt; do
	mtype -i "$fat" "::/$f" | cmp -s - "$BATON_BUILD/images/visionfive2/$f" ||
		{ echo "  $f is not baton's"; ok=1; }
done
case_line $ok "flash.files_in_the_fat_partition"
[ "$(mtype -i "$fat" ::/uEnv-before-baton.txt 2>/dev/null)" = "vendor=1" ]
case_line $? "flash.vendor_uenv_kept_aside"
[ "$(outside)" = "$before" ]
case_line $? "flash.firmware_partitions_untouched"

# Refusals: each must fail and write nothing.
snapshot=$(sha256sum <"$disk")
! "$BATON_ROOT/scripts/flash" --board visionfive2 --device "$work/none" --yes >/dev/null 2>&1
case_line $? "flash.refuses_a_missing_device"
! "$BATON_ROOT/scripts/flash" --board pinebook --device "$disk" --yes >/dev/null 2>&1
case_line $? "flash.refuses_an_unknown_board"
echo n | "$BATON_ROOT/scripts/flash" --board unmatched --device "$disk" >/dev/null 2>&1
ok=$?
[ $ok != 0 ] && [ "$(sha256sum <"$disk")" = "$snapshot" ]
case_line $? "flash.answer_no_writes_nothing"
truncate -s 8M "$work/blank.img"
! "$BATON_ROOT/scripts/flash" --board unmatched --device "$work/blank.img" --yes \
	>"$work/blank.log" 2>&1 && grep -q "no partition table" "$work/blank.log"
case_line $? "flash.refuses_a_card_without_the_vendor_image"
printf 'label: gpt\nstart=2048, size=4096, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4\n' |
	sfdisk -q "$work/blank.img" >/dev/null
! "$BATON_ROOT/scripts/flash" --board unmatched --device "$work/blank.img" --yes \
	>"$work/nofat.log" 2>&1 && grep -q "no FAT partition" "$work/nofat.log"
case_line $? "flash.refuses_a_card_without_a_fat_partition"
[ "$(sha256sum <"$disk")" = "$snapshot" ]
case_line $? "flash.refusals_changed_nothing"

cases_done flash-test
