# The command-access table (common/command_access.h): which subcommand of
# which tool only reads, from the tools' own parsers, for evt-runbook's dry
# run. Built into share/evt beside bin/ and installed the same way, where
# evt-runbook looks for it (tools/runbook/call_access.h). It lists
# evt-runbook too (nested runs), so it is made after every tool is linked,
# not compiled into one. Included after every tool has joined EVT_TOOLS.
get_property(EVT_ACCESS_TOOLS GLOBAL PROPERTY EVT_TOOLS)
set(EVT_COMMAND_ACCESS ${PROJECT_BINARY_DIR}/share/evt/command-access.jsonl)
set(EVT_ACCESS_BINARIES)
set(EVT_ACCESS_TARGETS)
foreach(tool IN LISTS EVT_ACCESS_TOOLS)
  # The front door only runs the tools; a runbook calls them, never `evt`
  # (evt.tool("evt") would look for evt-evt), so it has no rows here.
  if(tool STREQUAL "evt")
    continue()
  endif()
  list(APPEND EVT_ACCESS_BINARIES $<TARGET_FILE:evt-${tool}>)
  list(APPEND EVT_ACCESS_TARGETS evt-${tool})
endforeach()
add_custom_command(
  OUTPUT ${EVT_COMMAND_ACCESS}
  COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/gen-command-access.sh ${EVT_COMMAND_ACCESS} ${EVT_ACCESS_BINARIES}
  DEPENDS ${EVT_ACCESS_TARGETS} ${PROJECT_SOURCE_DIR}/scripts/gen-command-access.sh
  COMMENT "Writing the command-access table from the tools' parsers"
  VERBATIM)
add_custom_target(command_access ALL DEPENDS ${EVT_COMMAND_ACCESS})
install(FILES ${EVT_COMMAND_ACCESS} DESTINATION ${CMAKE_INSTALL_DATADIR}/evt)
