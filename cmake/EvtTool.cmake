# evt_add_tool(NAME <name> [LIBS <libs...>])
#
# In tools/<name>/: every *.cc except main.cc becomes the tool's core library
# evt_<name>_core (what the unit tests call); main.cc becomes the binary
# evt-<name>. The tool joins EVT_TOOLS, which drives the tests every tool must
# pass (--help, --version, /dev/full, man page and completions in sync).
# LIBS are libevt's siblings and engines (engine/<name>/), never another
# tool's core: evt_check_tool_links below fails the configure if one is.
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

# No tool links another tool's core: what two tools share goes into a
# library of its own (libevt in common/, or an engine in engine/), so a
# tool's core can change without reaching into another tool. Checked once
# every target is defined, through the whole link graph of each tool.
function(evt_collect_links target out)
  set(seen ${${out}})
  get_target_property(libs ${target} LINK_LIBRARIES)
  foreach(lib IN LISTS libs)
    if(TARGET ${lib} AND NOT lib IN_LIST seen)
      list(APPEND seen ${lib})
      evt_collect_links(${lib} seen)
    endif()
  endforeach()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

function(evt_check_tool_links)
  get_property(tools GLOBAL PROPERTY EVT_TOOLS)
  foreach(tool IN LISTS tools)
    set(links "")
    evt_collect_links(evt-${tool} links)
    foreach(lib IN LISTS links)
      if(lib MATCHES "^evt_(.+)_core$" AND NOT CMAKE_MATCH_1 STREQUAL tool)
        message(FATAL_ERROR "evt-${tool} links ${lib}, the core of evt-${CMAKE_MATCH_1}; "
                            "move what both need into a library of its own (common/ or engine/)")
      endif()
    endforeach()
  endforeach()
endfunction()
cmake_language(DEFER CALL evt_check_tool_links)
