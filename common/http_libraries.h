// The HTTP server's libraries (libmicrohttpd and GnuTLS) are loaded when a
// server first starts, not at every start of the tools that can serve
// (http_libraries_on_demand.cc).
#pragma once

#include "common/status.h"

namespace evt {

// Loads both, once; Unavailable naming the library and its Debian package
// when one cannot be loaded.
Status HttpLibrariesLoad();

}  // namespace evt
