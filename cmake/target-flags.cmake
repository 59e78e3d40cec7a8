# target-flags.cmake — compiler flags shared by all target code.
#
# -mcmodel=medany: every address is formed PC-relative, which is what lets
#   the kernel run at any physical address before the MMU is on.
# -fno-jump-tables: a jump table holds absolute addresses, wrong before the
#   jump to KERNEL_VBASE.
# -fno-omit-frame-pointer: the panic backtrace walks the s0 chain.
# No F/D extensions in the kernel: it never touches floating-point state.
set(BATON_TARGET_ARCH -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany)
set(BATON_WARNINGS -Wall -Wextra -Werror -Wstrict-prototypes -Wshadow)
set(BATON_KERNEL_CFLAGS
    ${BATON_TARGET_ARCH} ${BATON_WARNINGS}
    -std=gnu11 -O2 -g
    -ffreestanding -fno-common -fno-strict-aliasing -fno-stack-protector
    -fno-pie -fno-pic -fno-omit-frame-pointer -fno-jump-tables)
