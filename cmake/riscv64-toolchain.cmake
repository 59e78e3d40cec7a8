# riscv64-toolchain.cmake — the cross compiler for everything that runs on the target (Debian's
# gcc-riscv64-unknown-elf, binutils and picolibc).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv64)

set(BATON_CROSS_PREFIX riscv64-unknown-elf- CACHE STRING "prefix of the cross tools")
set(CMAKE_C_COMPILER ${BATON_CROSS_PREFIX}gcc)
set(CMAKE_ASM_COMPILER ${BATON_CROSS_PREFIX}gcc)
set(CMAKE_OBJCOPY ${BATON_CROSS_PREFIX}objcopy CACHE FILEPATH "")
set(CMAKE_NM ${BATON_CROSS_PREFIX}nm CACHE FILEPATH "")

# No libc or start files for the compiler checks: the kernel is freestanding.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
