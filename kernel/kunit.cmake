# SPDX-License-Identifier: GPL-2.0-only
# iopgfuzz kunit in user space (included by tests/CMakeLists.txt): KUnit
# files written by `iopgfuzz kunit`, built unmodified against each kernel
# tree's io-pgtable-arm.c and io-pgtable.c through the shim, with our KUnit
# runner (kernel/shim/kunit_main.c), one executable per file and tree.
#   kunit-regress-TREE     corpus/regress exported as one suite, expecting what the
#                          tree's release does (--profile=RELEASE): every case passes
#                          (from v6.14 but the tree's own stage-2 leak)
#   kunit-finding-NAME-TREE  a kernel finding's reproducer (docs/kernel-findings/NAME.c)
#                          ends on TREE as docs/kernel-findings/results.txt records
#   kunit-findings-fresh   each docs/kernel-findings/NAME.c is what iopgfuzz kunit
#                          writes from NAME.txt today
#   kunit-oracle-no-OP     the suite with its own tlb_add_page or tlb_flush_walk
#                          recording nothing fails, naming the uncovered leaf or table
if(NOT IPF_KERNEL_TREES)
  return()
endif()

set(IPF_KUNIT_INCLUDES ${CMAKE_SOURCE_DIR}/kernel/shim/include)
set(IPF_KUNIT_GEN ${CMAKE_BINARY_DIR}/kunit)

add_library(iopgfuzz_kunit_main OBJECT ${CMAKE_SOURCE_DIR}/kernel/shim/kunit_main.c)
target_include_directories(iopgfuzz_kunit_main PRIVATE ${CMAKE_SOURCE_DIR}/kernel/shim/include
                           ${CMAKE_SOURCE_DIR}/kernel/shim ${CMAKE_SOURCE_DIR}/include)
set_target_properties(iopgfuzz_kunit_main PROPERTIES C_EXTENSIONS ON)

# The regression corpus as one suite, written at build time from the programs.
file(GLOB IPF_KUNIT_REGRESS_ABS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/corpus/regress/*.txt)
# Named relative to the top, so that the file's comments say corpus/regress/NAME.txt.
file(GLOB IPF_KUNIT_REGRESS RELATIVE ${CMAKE_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/corpus/regress/*.txt)
# The suite as a release behaves (--profile=RELEASE: one file per release),
# or with no release as each program says.
function(ipf_kunit_regress out)
  if(ARGN)
    set(profile --profile=${ARGN})
  endif()
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${IPF_KUNIT_GEN}
    COMMAND iopgfuzz kunit --quiet --suite=iopgfuzz_regress ${profile}
            ${IPF_KUNIT_REGRESS} -o ${out}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
    DEPENDS iopgfuzz ${IPF_KUNIT_REGRESS_ABS} VERBATIM)
endfunction()
# The suite with each program's own profile, for the broken-oracle tests.
ipf_kunit_regress(${IPF_KUNIT_GEN}/regress_kunit.c)

file(GLOB IPF_KUNIT_FINDINGS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/kernel-findings/*.c)

# A KUnit file against one tree: the file, the tree's io-pgtable, the shim, the runner.
function(ipf_kunit_exe name src tree_id tree_dir)
  add_executable(${name} ${src} $<TARGET_OBJECTS:kunit_pgt_${tree_id}>
                 $<TARGET_OBJECTS:iopgfuzz_kshim> $<TARGET_OBJECTS:iopgfuzz_kunit_main>)
  target_include_directories(${name} BEFORE PRIVATE ${CMAKE_SOURCE_DIR}/kernel/shim/include
                             ${tree_dir}/include ${CMAKE_SOURCE_DIR}/kernel/shim)
  target_compile_options(${name} PRIVATE ${IPF_KERNEL_CFLAGS})
  set_target_properties(${name} PROPERTIES C_EXTENSIONS ON)
endfunction()

foreach(tree ${IPF_KERNEL_TREES})
  string(MAKE_C_IDENTIFIER "k${tree}" id)
  set(dir ${IPF_KERNEL_DIR}/${tree})
  add_library(kunit_pgt_${id} OBJECT ${dir}/drivers/iommu/io-pgtable-arm.c
              ${dir}/drivers/iommu/io-pgtable.c)
  target_include_directories(kunit_pgt_${id} BEFORE PRIVATE ${CMAKE_SOURCE_DIR}/kernel/shim/include
                             ${dir}/include ${CMAKE_SOURCE_DIR}/kernel/shim)
  set(defs CONFIG_IOMMU_IO_PGTABLE_LPAE=1)
  file(STRINGS ${dir}/drivers/iommu/io-pgtable-arm.c pages_sz REGEX "iommu_alloc_pages_node_sz")
  if(pages_sz)
    list(APPEND defs IPF_KSHIM_IOMMU_PAGES_SZ=1)
  endif()
  target_compile_definitions(kunit_pgt_${id} PRIVATE ${defs})
  target_compile_options(kunit_pgt_${id} PRIVATE ${IPF_KERNEL_CFLAGS})
  set_target_properties(kunit_pgt_${id} PROPERTIES C_EXTENSIONS ON)

  file(STRINGS ${dir}/RELEASE release LIMIT_COUNT 1)
  ipf_kunit_regress(${IPF_KUNIT_GEN}/regress_kunit_${id}.c ${release})
  ipf_kunit_exe(kunit_regress_${id} ${IPF_KUNIT_GEN}/regress_kunit_${id}.c ${id} ${dir})
  # The one case a tree may fail: from v6.14 its own stage-2 allocator leaks
  # when it refuses a mandatory concatenation (docs/kernel-findings.md).
  set(allowed "")
  if(release VERSION_GREATER_EQUAL 6.14)
    set(allowed iopf_concat_refused_v6_14)
  endif()
  add_test(NAME kunit-regress-${tree}
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/kunit_finding_test.sh --regress
                   $<TARGET_FILE:kunit_regress_${id}> ${allowed})

  # The invalidation oracle against broken flush ops, on the first tree: the
  # suite's own tlb_add_page or tlb_flush_walk records nothing.
  if(NOT oracle_checked)
    set(oracle_checked 1)
    foreach(broken add_page flush_walk)
      if(broken STREQUAL "add_page")
        set(says "was removed and no invalidation issued after its clear covered it")
      else()
        set(says "was freed and no walk invalidation issued after its clear covered its span")
      endif()
      set(out ${IPF_KUNIT_GEN}/regress_kunit_no_${broken}.c)
      add_custom_command(OUTPUT ${out}
        COMMAND ${CMAKE_COMMAND} -DIN=${IPF_KUNIT_GEN}/regress_kunit.c -DOUT=${out} -DOP=${broken}
                -P ${CMAKE_SOURCE_DIR}/kernel/kunit-break.cmake
        DEPENDS ${IPF_KUNIT_GEN}/regress_kunit.c ${CMAKE_SOURCE_DIR}/kernel/kunit-break.cmake)
      ipf_kunit_exe(kunit_regress_no_${broken}_${id} ${out} ${id} ${dir})
      add_test(NAME kunit-oracle-no-${broken}
               COMMAND bash ${CMAKE_SOURCE_DIR}/tests/kunit_finding_test.sh --broken
                       $<TARGET_FILE:kunit_regress_no_${broken}_${id}> "${says}")
    endforeach()
  endif()

  foreach(src ${IPF_KUNIT_FINDINGS})
    get_filename_component(name ${src} NAME_WE)
    string(MAKE_C_IDENTIFIER "${name}" cname)
    ipf_kunit_exe(kunit_${cname}_${id} ${src} ${id} ${dir})
    add_test(NAME kunit-finding-${name}-${tree}
             COMMAND bash ${CMAKE_SOURCE_DIR}/tests/kunit_finding_test.sh
                     $<TARGET_FILE:kunit_${cname}_${id}> ${CMAKE_SOURCE_DIR}/docs/kernel-findings
                     ${name} ${tree})
  endforeach()
endforeach()

if(IPF_KUNIT_FINDINGS)
  add_test(NAME kunit-findings-fresh
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/kunit_finding_test.sh --fresh
                   $<TARGET_FILE:iopgfuzz> ${CMAKE_SOURCE_DIR}/docs/kernel-findings)
endif()
