#include "common/ignored_kinds.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "common/json_writer.h"

namespace evt {
namespace {

bool IsPlainWord(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

std::string Shown(std::string_view kind) {
  if (IsPlainWord(kind) || kind == IgnoredKinds::kNoKind || kind == IgnoredKinds::kOtherKinds)
    return std::string(kind);
  std::string quoted;
  if (!AppendJsonString(quoted, kind).ok()) return "(kind not valid UTF-8)";
  return quoted;
}

}  // namespace

void IgnoredKinds::Note(std::string_view kind) {
  ++total_;
  auto it = counts_.find(kind);
  if (it == counts_.end() && counts_.size() >= kMaxKinds) it = counts_.find(kOtherKinds);
  if (it == counts_.end()) it = counts_.emplace(counts_.size() >= kMaxKinds ? kOtherKinds : kind, 0).first;
  ++it->second;
}

void IgnoredKinds::NoteRecord(const Value& record) {
  const Value* kind = record.find("kind");
  Note(kind != nullptr && kind->is_string() ? std::string_view(kind->as_string()) : kNoKind);
}

std::string IgnoredKinds::Summary() const {
  if (total_ == 0) return "";
  std::vector<std::pair<std::string_view, std::size_t>> sorted(counts_.begin(), counts_.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string summary = "ignored " + std::to_string(total_) + (total_ == 1 ? " record: " : " records: ");
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) summary += ", ";
    summary += std::to_string(sorted[i].second) + " " + Shown(sorted[i].first);
  }
  return summary;
}

}  // namespace evt
