# evt_add_tool(NAME <name> [LIBS <libs...>])
#
# In tools/<name>/: every *.cc except main.cc becomes the tool's core library
# evt_<name>_core (what the unit tests call); main.cc becomes the binary
# evt-<name>. The tool joins EVT_TOOLS, which drives the tests every tool must
# pass (--help, --version, /dev/full, man page and completions in sync).
function(evt_add_tool)
  cmake_parse_arguments(ARG "" "NAME" "LIBS" ${ARGN})
  set(core evt_${ARG_NAME}_core)
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER sources EXCLUDE REGEX "/main\\.cc$")
  add_library(${core} STATIC ${sources})
  target_link_libraries(${core} PUBLIC evt ${ARG_LIBS})
  add_executable(evt-${ARG_NAME} ${CMAKE_CURRENT_SOURCE_DIR}/main.cc)
  target_link_libraries(evt-${ARG_NAME} PRIVATE ${core})
  set_target_properties(evt-${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
  install(TARGETS evt-${ARG_NAME} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  set_property(GLOBAL APPEND PROPERTY EVT_TOOLS ${ARG_NAME})
endfunction()
