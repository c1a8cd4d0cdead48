# One helper to add a library, one to add a test, one to add an executable.

function(sl_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  if(SCENELENS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(SCENELENS_ASAN)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# sl_add_library(<name> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# One static library per folder; headers are included as "<folder>/<File>.h".
function(sl_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  target_compile_definitions(${name} PUBLIC QT_NO_KEYWORDS)
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON AUTOMOC ON)
  sl_warnings(${name})
endfunction()

# sl_add_executable(<name> SOURCES ... DEPS ...)
function(sl_add_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  sl_warnings(${name})
endfunction()

# sl_add_test(<module/name> SOURCES ... DEPS ... [LABELS unit|gui|render|data|slow ...]
#             [GTEST] [TIMEOUT s])
# GTEST links GoogleTest's main; otherwise the test brings its own main (QtTest).
# Tests labelled gui/render need a display: scripts/test.sh runs ctest under Xvfb.
function(sl_add_test test_name)
  cmake_parse_arguments(ARG "GTEST" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  string(REPLACE "/" "_" target "test_${test_name}")
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE ${ARG_DEPS})
  if(ARG_GTEST)
    target_link_libraries(${target} PRIVATE GTest::gtest GTest::gtest_main)
  endif()
  target_compile_definitions(${target} PRIVATE
    SCENELENS_SHARED_DIR="${SCENELENS_SHARED_DIR}"
    SCENELENS_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    SCENELENS_BINARY_DIR="${PROJECT_BINARY_DIR}")
  set_target_properties(${target} PROPERTIES AUTOMOC ON)
  sl_warnings(${target})
  add_test(NAME ${test_name} COMMAND ${target})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${test_name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    SKIP_RETURN_CODE 77 WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
endfunction()
