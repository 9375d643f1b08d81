# evt_add_catch_tests(TARGET PREFIX SOURCES... [PROPERTIES ...]): one CTest
# test per source file of a Catch2 binary, named PREFIX + the file's stem
# without "_test", running that file's TEST_CASEs in one process (Catch's
# -# tags each case with its file's stem). A process per TEST_CASE cost
# about 60 ms each, mostly starting a binary that links libcurl's
# dependencies: 1,900 of them took 120 s of the suite for 35 s of tests.
# Hidden cases ([.name]) stay for the scripts that run them, as Catch does
# by default, and a file of nothing else is no test; --warn NoTests fails a
# file whose tag matches nothing rather than passing having run nothing.
# PROPERTIES are set on every test made.
function(evt_add_catch_tests target prefix)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "PROPERTIES")
  foreach(source IN LISTS arg_UNPARSED_ARGUMENTS)
    get_filename_component(stem ${source} NAME_WE)
    if(NOT IS_ABSOLUTE ${source})
      set(source ${CMAKE_CURRENT_SOURCE_DIR}/${source})
    endif()
    file(STRINGS ${source} cases REGEX "TEST_CASE\\(")
    list(FILTER cases EXCLUDE REGEX "\"\\[\\.")
    if(NOT cases)
      continue()
    endif()
    string(REGEX REPLACE "_test$" "" name ${stem})
    add_test(NAME "${prefix}${name}" COMMAND ${target} "[#${stem}]~[.]" "-#" --warn NoTests)
    set_tests_properties("${prefix}${name}" PROPERTIES TIMEOUT 120 ${arg_PROPERTIES})
  endforeach()
endfunction()
