# `make install` (cmake --install, PREFIX/DESTDIR): the binaries (from
# evt_add_tool), man pages, completions where each shell looks for them,
# the runbook library beside the binaries (share/evt/runbooks, where
# evt-runbook looks first), the examples, the record schemas with
# evt-schema, and the systemd units with
# the installed paths filled in.
include(GNUInstallDirs)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
        FILES_MATCHING PATTERN "*.1" PATTERN "src" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/man/evt.7 DESTINATION ${CMAKE_INSTALL_MANDIR}/man7)

file(GLOB evt_bash_completions CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/completions/*.bash)
foreach(file IN LISTS evt_bash_completions)
  get_filename_component(command ${file} NAME_WE)
  install(FILES ${file} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ${command})
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/completions/ DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
        FILES_MATCHING PATTERN "_evt-*" PATTERN "_evt")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/completions/ DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d
        FILES_MATCHING PATTERN "*.fish")

install(DIRECTORY ${PROJECT_SOURCE_DIR}/runbooks/ DESTINATION ${CMAKE_INSTALL_DATADIR}/evt/runbooks)
# The examples whole (the site config and the catalog, promotions, flows,
# gates and templates it names by relative path), so a copy of the folder
# is a site that loads.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/evt/examples)
# The record schemas, as evt declares them and as JSON Schema 2020-12 (gen/),
# with evt-schema to validate records and export them again.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas/records/ DESTINATION ${CMAKE_INSTALL_DATADIR}/evt/schemas/records)
# The shipped Prometheus rules, their promtool tests and the Grafana dashboard (doc/design.md §13).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/prometheus/ DESTINATION ${CMAKE_INSTALL_DATADIR}/evt/prometheus)
if(TARGET evt-schema)
  install(TARGETS evt-schema RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(DIRECTORY ${EVT_JSONSCHEMA_DIR}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/evt/schemas/jsonschema)
endif()

# Units name the binaries by their installed path, known only when
# installing (`cmake --install --prefix` may differ from the configured
# prefix), so they are filled in then. The config and state live where a
# service's do (/etc/evt, /var/lib/evt via StateDirectory=).
set(EVT_UNIT_DIR "lib/systemd/system" CACHE STRING "where the systemd units go, under the prefix")
file(GLOB evt_units CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/systemd/*.service.in ${PROJECT_SOURCE_DIR}/systemd/*.timer.in)
install(CODE "set(EVT_UNIT_SOURCES \"${evt_units}\")
set(EVT_UNIT_DIR \"${EVT_UNIT_DIR}\")
set(EVT_SANDBOX_FILE \"${PROJECT_SOURCE_DIR}/systemd/evt-sandbox.inc\")
set(EVT_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
include(\"${PROJECT_SOURCE_DIR}/cmake/EvtInstallUnits.cmake\")")
# The units' User=evt and Group=evt: systemd-sysusers creates them.
set(EVT_SYSUSERS_DIR "lib/sysusers.d" CACHE STRING "where the sysusers.d file goes, under the prefix")
install(FILES ${PROJECT_SOURCE_DIR}/systemd/evt.sysusers.conf DESTINATION ${EVT_SYSUSERS_DIR} RENAME evt.conf)
# The state root from boot (tmpfiles.d), and the polkit rule that lets evt
# start and stop the units the shed config names.
set(EVT_TMPFILES_DIR "lib/tmpfiles.d" CACHE STRING "where the tmpfiles.d file goes, under the prefix")
install(FILES ${PROJECT_SOURCE_DIR}/systemd/evt.tmpfiles.conf DESTINATION ${EVT_TMPFILES_DIR} RENAME evt.conf)
set(EVT_POLKIT_RULES_DIR "${CMAKE_INSTALL_DATADIR}/polkit-1/rules.d" CACHE STRING "where the polkit rules go, under the prefix")
install(FILES ${PROJECT_SOURCE_DIR}/systemd/evt-shed.rules DESTINATION ${EVT_POLKIT_RULES_DIR} RENAME 60-evt-shed.rules)
