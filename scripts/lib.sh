# lib.sh — shared by scripts/* and tests/qemu/*: paths, dependency install, build, QEMU command.
# Source it; it defines functions and variables only.

BATON_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# mkfs.vfat and sfdisk (the board images) live in /usr/sbin, which Debian leaves out of a
# normal user's PATH.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin ;; esac
BATON_BUILD=${BATON_BUILD:-$BATON_ROOT/build}
BATON_KERNEL_BIN=$BATON_BUILD/target/kernel/baton.bin
BATON_KERNEL_ELF=$BATON_BUILD/target/kernel/baton.elf
BATON_OPENSBI_DIR=${BATON_OPENSBI_DIR:-/usr/lib/riscv64-linux-gnu/opensbi/generic}
BATON_UBOOT=${BATON_UBOOT:-/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin}
BATON_GDB_PORT=${BATON_GDB_PORT:-1234}
# QEMU puts a raw -kernel image at the first 2 MiB boundary after the firmware.
BATON_QEMU_LOAD_ADDRESS=0x80200000

# clang and libclang-rt-dev (its libFuzzer runtime, only a recommendation of clang): the
# host.fuzz.* tests.
BATON_PACKAGES=(gcc libc6-dev gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc
	opensbi cmake ninja-build gdb-multiarch device-tree-compiler u-boot-tools u-boot-qemu
	clang-format clang libclang-rt-dev dosfstools mtools fdisk)

baton_die() {
	echo "${0##*/}: $*" >&2
	exit 2
}

# Installs the Debian packages that are missing; does nothing when all are there.
baton_setup() {
	local missing=() p sudo=
	for p in "${BATON_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	command -v apt-get >/dev/null || baton_die "missing ${missing[*]}, and no apt-get to install them"
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null ||
			baton_die "missing ${missing[*]}: run as root, or install sudo, to install them"
		sudo=sudo
	fi
	echo "setup: installing ${missing[*]}"
	$sudo apt-get update -qq || baton_die "apt-get update failed"
	# env after sudo: sudo resets the environment, and the variable would not reach apt-get.
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null || baton_die "apt-get install failed"
}

# Configures once (Ninja), then builds whatever changed.
baton_build() {
	if [ ! -f "$BATON_BUILD/CMakeCache.txt" ]; then
		cmake -S "$BATON_ROOT" -B "$BATON_BUILD" -G Ninja >/dev/null ||
			baton_die "cmake configure failed"
	fi
	echo "build: $BATON_BUILD (log: $BATON_BUILD/last-build.log)"
	cmake --build "$BATON_BUILD" >"$BATON_BUILD/last-build.log" 2>&1 || {
		cat "$BATON_BUILD/last-build.log" >&2
		baton_die "build failed (log: $BATON_BUILD/last-build.log)"
	}
}

baton_firmware() {
	local fw
	for fw in fw_dynamic.bin fw_jump.bin; do
		[ -f "$BATON_OPENSBI_DIR/$fw" ] && { echo "$BATON_OPENSBI_DIR/$fw"; return 0; }
	done
	baton_die "no OpenSBI firmware in $BATON_OPENSBI_DIR (package opensbi)"
}

# baton_qemu_cmd MACHINE SMP MEM ICOUNT(0|1) GDB(0|1) APPEND [KERNEL]
# Prints the QEMU command line, one argument per line (read it with mapfile).
baton_qemu_cmd() {
	local machine=$1 smp=$2 mem=$3 icount=$4 gdb=$5 append=$6 kernel=${7:-$BATON_KERNEL_BIN}
	printf '%s\n' qemu-system-riscv64 -machine "$machine" -smp "$smp" -m "$mem" -nographic \
		-no-reboot -bios "$(baton_firmware)" -kernel "$kernel"
	[ -n "$append" ] && printf '%s\n' -append "$append"
	# sleep=off: an idle guest's clock jumps to its next timer instead of following the host
	# clock, so that a loaded host cannot make a sleep look late (counts are unchanged).
	[ "$icount" = 1 ] && printf '%s\n' -icount shift=0,sleep=off
	[ "$gdb" = 1 ] && printf '%s\n' -S -gdb "tcp:127.0.0.1:$BATON_GDB_PORT"
	return 0
}

# Checks the options scripts/run takes; dies with a one-line reason.
baton_check_machine() {
	local machine=$1 smp=$2 mem=$3
	case $machine in
	virt) [[ $smp =~ ^[0-9]+$ ]] && ((smp >= 1 && smp <= 16)) ||
		baton_die "--smp for virt must be 1..16 (got '$smp')" ;;
	sifive_u) [[ $smp =~ ^[0-9]+$ ]] && ((smp >= 2 && smp <= 5)) ||
		baton_die "--smp for sifive_u must be 2..5: hart 0 is the E51 monitor core (got '$smp')" ;;
	*) baton_die "--machine must be virt or sifive_u (got '$machine')" ;;
	esac
	[[ $mem =~ ^[0-9]+[MG]$ ]] || baton_die "--mem must look like 256M or 2G (got '$mem')"
}
