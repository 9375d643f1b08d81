# The `docs` target and the docs_in_sync tests. man/, completions/ and
# doc/records.md are generated from the tools' own parsers (scripts/gen-docs.sh,
# scripts/gen-records-md.py) and checked in;
# the test fails when they no longer match what the parsers generate, or
# when a tool has no man/src/evt-NAME.1.roff.
# Included last, after every tool has joined EVT_TOOLS.
get_property(EVT_DOCS_TOOLS GLOBAL PROPERTY EVT_TOOLS)
set(EVT_DOCS_TARGETS)
foreach(tool IN LISTS EVT_DOCS_TOOLS)
  list(APPEND EVT_DOCS_TARGETS evt-${tool})
endforeach()
if(TARGET evt-schema)
  list(APPEND EVT_DOCS_TARGETS evt-schema)
endif()

add_custom_target(docs
  COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/gen-docs.sh ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR}
          --tools ${EVT_DOCS_TOOLS}
  # doc/records.md reads the completions just written.
  COMMAND python3 ${PROJECT_SOURCE_DIR}/scripts/gen-records-md.py
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  COMMENT "Regenerating man/ and completions/ from the tools' parsers"
  VERBATIM)
if(EVT_DOCS_TARGETS)
  add_dependencies(docs ${EVT_DOCS_TARGETS})
endif()

add_test(NAME docs_in_sync
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/cli/docs_in_sync.sh ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR}
                 --tools ${EVT_DOCS_TOOLS})
set_tests_properties(docs_in_sync PROPERTIES TIMEOUT 120)
# doc/records.md lists every record kind from the schemas and completions.
add_test(NAME docs_records_in_sync COMMAND python3 ${PROJECT_SOURCE_DIR}/scripts/gen-records-md.py --check)
# Comments cite doc/design.md by sections it has, not issue numbers.
add_test(NAME docs_design_refs COMMAND bash ${PROJECT_SOURCE_DIR}/tests/cli/design_refs.sh ${PROJECT_SOURCE_DIR})
