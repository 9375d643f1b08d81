// What a ticket's scans add up to, decided from the scans alone so every
// gate holding the same set reaches the same answer whatever order the
// scans arrived in: the scans are put in ScanOrder (HLC, gate, id) and
// walked once.
//   single:  the first entry admits; every later entry is a double admission
//            (exits are recorded, but do not let the ticket in again).
//   reentry: an entry admits unless the ticket is inside; an exit lets it
//            out; an entry while inside is a double admission.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "tools/token/scan_event.h"

namespace evt::token {

enum class ReentryPolicy { kSingle, kReentry };

std::optional<ReentryPolicy> ParseReentryPolicy(std::string_view name);
std::string_view ReentryPolicyName(ReentryPolicy policy);

struct Admission {
  std::optional<ScanEvent> first;   // the entry that admitted the ticket first
  std::optional<ScanEvent> holder;  // the entry it is inside on, if inside
  std::vector<ScanEvent> doubles;   // entries made while it was already in
  std::size_t entries = 0;
  std::size_t exits = 0;

  bool inside() const { return holder.has_value(); }
};

// REQUIRES: every scan has the same jti. The order of `scans` does not matter.
Admission SummarizeScans(std::vector<ScanEvent> scans, ReentryPolicy policy);

}  // namespace evt::token
