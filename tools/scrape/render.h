// --render: a page whose data exists only after its scripts run, fetched
// through a headless Chromium's --dump-dom. Opt-in, because a browser is
// heavy and runs the page's code.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "common/status.h"

namespace evt::scrape {

// The first of chromium, chromium-browser, google-chrome-stable and
// google-chrome on PATH; Unavailable saying what to install when none is.
Result<std::string> FindRenderer();

// The DOM after the page at `url` ran its scripts: `browser --headless
// --disable-gpu --dump-dom URL`, stdout read to the end, killed after
// `timeout`, or when it prints over `max_bytes` (DataErr). The session
// cookies a login gave are not passed on.
Result<std::string> RenderPage(const std::string& browser, const std::string& url, std::chrono::milliseconds timeout,
                               std::uint64_t max_bytes);

}  // namespace evt::scrape
