// The inputs of `run` and `fit`: files in order, "-" or none for stdin.
// With follow (run --watch), each file is read to its end and then again
// from where it stopped as it grows (woken by inotify: file_growth_waiter.h),
// until SIGINT or SIGTERM; stdin is read
// until its writer goes away. A followed file must grow by whole lines, as
// the evt tools write them: a line cut at the end of a pass is read as a
// bad record.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/cli_common_options.h"
#include "common/clock.h"
#include "common/json_writer.h"
#include "common/record_input.h"
#include "common/status.h"

namespace evt::detect {

class InputFollower {
 public:
  InputFollower(std::vector<std::string> paths, bool follow);

  // Called for every pass over an input, with its name for messages.
  using Each = std::function<Status(RecordInput& input, const std::string& name)>;
  Status ForEach(const CommonOptions& common, RecordWriter& errors, const Clock& clock, const Each& each) const;

 private:
  Status ReadOnce(const std::string& path, const CommonOptions& common, RecordWriter& errors, const Clock& clock,
                  const Each& each) const;
  Status Follow(const CommonOptions& common, RecordWriter& errors, const Clock& clock, const Each& each) const;

  std::vector<std::string> paths_;
  bool follow_;
};

}  // namespace evt::detect
