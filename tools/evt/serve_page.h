// `/`: the status page for the booth and the phone, what `evt status`
// shows (the sections of status_sections.h) as HTML. No JavaScript: it
// reloads itself with <meta http-equiv=refresh>. One column of cards, each
// row's cells wrapping inside the card, so it reads at 360 px without
// horizontal scrolling (doc/design.md §17).
#pragma once

#include <string>
#include <string_view>

#include "common/duration.h"
#include "tools/evt/site_snapshot.h"

namespace evt::front {

struct PageOptions {
  Duration refresh{5000};
  std::string site_name;             // the config's site.name; "" for none
  const TimeZone* zone = nullptr;    // nullptr: UTC
  std::string gather_error;          // why the snapshot is older than it should be; "" when fresh
};

std::string RenderSitePage(const SiteSnapshot& snapshot, const PageOptions& options);

// `text` with &, <, >, " and ' escaped, and what is not valid UTF-8 or a
// control character replaced, so record text can never become markup.
std::string EscapeHtml(std::string_view text);

}  // namespace evt::front
