# Common compile settings for every Anxiao target, as an INTERFACE library.
add_library(anxiao_settings INTERFACE)
target_compile_features(anxiao_settings INTERFACE cxx_std_20)
target_include_directories(anxiao_settings INTERFACE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(anxiao_settings INTERFACE ANXIAO_VERSION="${PROJECT_VERSION}")
if(ANXIAO_SANITIZE)
  target_compile_options(anxiao_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(anxiao_settings INTERFACE -fsanitize=address,undefined)
endif()

# anxiao_test(NAME SOURCES... LIBS ...): a GoogleTest binary registered with CTest.
function(anxiao_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main anxiao_settings anxiao_warnings)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit)
endfunction()

# anxiao_contract_test(NAME SOURCES... LIBS ...): like anxiao_test, labelled "contract".
function(anxiao_contract_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main anxiao_settings anxiao_warnings)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS contract)
endfunction()
