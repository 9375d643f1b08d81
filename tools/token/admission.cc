#include "tools/token/admission.h"

#include <algorithm>

namespace evt::token {

std::optional<ReentryPolicy> ParseReentryPolicy(std::string_view name) {
  if (name == "single") return ReentryPolicy::kSingle;
  if (name == "reentry") return ReentryPolicy::kReentry;
  return std::nullopt;
}

std::string_view ReentryPolicyName(ReentryPolicy policy) {
  return policy == ReentryPolicy::kSingle ? "single" : "reentry";
}

Admission SummarizeScans(std::vector<ScanEvent> scans, ReentryPolicy policy) {
  std::sort(scans.begin(), scans.end(), ScanOrder);
  Admission out;
  bool admitted_once = false;
  for (ScanEvent& scan : scans) {
    if (scan.type == ScanType::kExit) {
      ++out.exits;
      out.holder.reset();
      continue;
    }
    ++out.entries;
    bool refused_by_policy = policy == ReentryPolicy::kSingle ? admitted_once : out.holder.has_value();
    if (refused_by_policy) {
      out.doubles.push_back(scan);
      continue;
    }
    if (!out.first) out.first = scan;
    out.holder = scan;
    admitted_once = true;
  }
  return out;
}

}  // namespace evt::token
