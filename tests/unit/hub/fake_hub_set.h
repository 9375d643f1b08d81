// A grow-only set in memory behind HubSetAdapter, merging as the tools'
// sets do (same id and record: duplicate; same id, other record:
// conflict), for the sync engine's tests.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/hub/hub_set.h"

namespace evt::hub::testing {

class FakeHubSet : public HubSetAdapter {
 public:
  explicit FakeHubSet(std::string name = "test.set") : name_(std::move(name)) {}

  void Add(const std::string& id, const std::string& record, std::int64_t stamp_ms = 1000) {
    std::lock_guard lock(mu_);
    AddLocked({id, record, stamp_ms});
  }
  std::map<std::string, std::string> Records() const {
    std::lock_guard lock(mu_);
    return by_id_;
  }
  std::size_t size() const {
    std::lock_guard lock(mu_);
    return by_id_.size();
  }

  std::string_view SetName() const override { return name_; }
  Result<HubExport> ExportSince(std::int64_t since, std::size_t limit) override {
    std::lock_guard lock(mu_);
    HubExport out;
    out.last_seq = since;
    for (std::size_t i = static_cast<std::size_t>(since); i < log_.size() && out.elements.size() < limit; ++i) {
      out.elements.push_back(log_[i]);
      out.last_seq = static_cast<std::int64_t>(i + 1);
    }
    return out;
  }
  // The next MergePulled fails with `status` and merges nothing.
  void FailNextMerge(Status status) {
    std::lock_guard lock(mu_);
    fail_next_ = std::move(status);
  }
  Result<HubMergeCounts> MergePulled(const std::vector<HubElement>& pulled) override {
    std::lock_guard lock(mu_);
    if (!fail_next_.ok()) {
      Status failed = std::move(fail_next_);
      fail_next_ = Status::Ok();
      return failed;
    }
    HubMergeCounts counts;
    for (const HubElement& element : pulled) {
      if (element.record == "poison") return Status::DataErr(name_ + ": " + element.id + ": not a record");
      auto found = by_id_.find(element.id);
      if (found == by_id_.end()) {
        AddLocked(element);
        ++counts.added;
      } else if (found->second == element.record) {
        ++counts.duplicate;
      } else {
        ++counts.conflict;
      }
    }
    ++merges_;
    return counts;
  }
  int merges() const {
    std::lock_guard lock(mu_);
    return merges_;
  }

 private:
  void AddLocked(const HubElement& element) {
    if (by_id_.emplace(element.id, element.record).second) log_.push_back(element);
  }

  std::string name_;
  mutable std::mutex mu_;
  std::vector<HubElement> log_;  // local seq = index + 1
  std::map<std::string, std::string> by_id_;
  int merges_ = 0;
  Status fail_next_ = Status::Ok();
};

}  // namespace evt::hub::testing
