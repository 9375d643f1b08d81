// The `metric` records of a spooled exposition's samples as JSON lines, the
// bytes AppendSampleJson (metric_output.h) writes, made from fragments kept
// while they repeat: the family's tail (source, type, unit, help), the
// sample name, each label. A sample then costs the labels that changed and
// its value, not a record built from scratch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "tools/scrape/sample_spool.h"

namespace evt::scrape {

class SpooledRecordJson {
 public:
  // `scraped_ts`: the time of samples without their own, formatted.
  SpooledRecordJson(std::string_view source, std::string_view scraped_ts);

  // Appends the sample's record and a newline to `out`. DataErr when a
  // text is not valid UTF-8, with `out` as it was.
  Status Append(std::string& out, const SpooledSample& sample);

 private:
  Status Refresh(const SpooledSample& sample);

  std::string source_;
  std::string scraped_head_;  // {"kind":...,"ts":"<scraped_ts>
  std::string own_head_;      // the same with the last own timestamp seen
  std::optional<std::int64_t> own_ts_ms_;
  bool valid_ = false;               // false after an error: everything is made again
  std::string tail_;                 // ,"source":...}\n
  std::string name_;                 // ","name":"...","value":
  std::vector<std::string> keys_;    // "key": with a ',' before all but the first
  std::vector<std::string> labels_;  // the same with the label's value
};

}  // namespace evt::scrape
