# SPDX-License-Identifier: GPL-2.0-only
# cmake -DIN=FILE -DOUT=FILE -DOP=add_page|flush_walk -P kunit-break.cmake
# An exported suite whose own flush op OP records nothing: what the
# invalidation oracle must catch (kernel/kunit.cmake, kunit-oracle-no-OP).
file(READ ${IN} text)
if(OP STREQUAL "add_page")
  set(call "\tiopf_invalidate(cookie, iova, granule, granule, false);\n")
elseif(OP STREQUAL "flush_walk")
  set(call "\tiopf_invalidate(cookie, iova, size, granule, true);\n")
else()
  message(FATAL_ERROR "OP=${OP}: add_page or flush_walk")
endif()
string(FIND "${text}" "${call}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${IN}: no '${call}' to break")
endif()
string(REPLACE "${call}" "\t/* broken on purpose: nothing recorded */\n" text "${text}")
file(WRITE ${OUT} "${text}")
