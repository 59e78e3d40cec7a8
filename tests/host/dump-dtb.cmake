# dump-dtb.cmake — asks QEMU for one machine's device tree, for the host tests that read real trees.
# cmake -DQEMU=<qemu-system-riscv64> -DMACHINE=virt -DSMP=4 -DMEM=256M -DOUT=<file.dtb> -P dump-dtb.cmake
get_filename_component(dir "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
file(REMOVE "${OUT}") # never let a stale dump stand in for a failed one
execute_process(
  COMMAND timeout 20 "${QEMU}" -machine "${MACHINE},dumpdtb=${OUT}" -smp ${SMP} -m ${MEM} -nographic
  INPUT_FILE /dev/null
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT EXISTS "${OUT}")
  message(FATAL_ERROR "QEMU could not dump ${MACHINE} -smp ${SMP} -m ${MEM} (exit ${rc}): ${out}")
endif()
