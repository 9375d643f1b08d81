// The sections of `evt status`'s screen, built from the snapshot's records
// before they are laid out as rows (60 columns and more) or cards (less):
// one builder per record kind evt knows, and generic rows for any other, so
// a new tool's status appears without a change here (doc/design.md §17).
#pragma once

#include <string>
#include <vector>

#include "common/table.h"
#include "tools/evt/site_snapshot.h"

namespace evt::front {

struct Section {
  std::string title;                 // "Paths"
  std::string summary;               // after the title: "active: primary for 12m"
  std::vector<std::string> headers;  // one per cell of a row
  std::vector<std::vector<Cell>> rows;
};

// Every section with something to show, in screen order: paths, daemons,
// budgets, outboxes, gates, prices, runbooks, other records, tools that failed.
std::vector<Section> BuildSections(const SiteSnapshot& snapshot, const RenderOptions& options);

// The scalar fields of a record but its envelope, "key=value" joined by
// spaces: what a record of an unknown kind shows.
std::string ScalarFieldsText(const Value& record);

}  // namespace evt::front
