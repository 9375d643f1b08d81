# Run by `cmake --install` (see EvtInstall.cmake): writes each systemd unit
# template with @CMAKE_INSTALL_FULL_BINDIR@ set to the bin folder under the
# prefix being installed to, and @EVT_SANDBOX@ to systemd/evt-sandbox.inc,
# the sandbox settings every unit shares.
set(CMAKE_INSTALL_FULL_BINDIR "${CMAKE_INSTALL_PREFIX}/${EVT_BINDIR}")
file(READ "${EVT_SANDBOX_FILE}" EVT_SANDBOX)
string(REGEX REPLACE "\n$" "" EVT_SANDBOX "${EVT_SANDBOX}")
set(destination "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${EVT_UNIT_DIR}")
foreach(unit IN LISTS EVT_UNIT_SOURCES)
  get_filename_component(name "${unit}" NAME)
  string(REGEX REPLACE "\\.in$" "" name "${name}")
  message(STATUS "Installing: ${destination}/${name}")
  configure_file("${unit}" "${destination}/${name}" @ONLY)
endforeach()
