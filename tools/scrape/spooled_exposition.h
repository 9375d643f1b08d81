// A Prometheus source's body, kept in an unlinked temporary file rather
// than in memory (a plain local file is read where it lies), and parsed
// once when fetched: the samples its filters keep go to a second temporary
// file (sample_spool.h) and are printed from there only after the whole
// text parsed, so an invalid exposition is rejected whole, before any of
// its samples is printed, and memory stays flat however large the
// exposition.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "tools/scrape/exposition.h"
#include "tools/scrape/scrape_config.h"

namespace evt::scrape {

struct OutSample;
struct SpooledSample;

// Whether the source's `match` and `match_labels` filters keep the sample.
bool SourceKeeps(const Source& source, const Family& family, const Sample& sample);

class SpooledExposition {
 public:
  // An empty file in $TMPDIR (or /tmp), gone from the folder from the start.
  static Result<std::shared_ptr<SpooledExposition>> Create(const Source& source);
  ~SpooledExposition();
  SpooledExposition(const SpooledExposition&) = delete;
  SpooledExposition& operator=(const SpooledExposition&) = delete;

  int fd() const { return fd_; }
  // For an HTTP client that answered with the body in memory.
  Status Append(std::string_view bytes);

  // Parses the whole body: the samples the filters keep are spooled and
  // counted, each repeated series is added to `problems`.
  Status Check(ExpositionFormat format, std::vector<std::string>& problems);
  // The same for a body that is already in a file, `body_fd`, read from
  // its start and never copied to fd().
  Status CheckFile(int body_fd, ExpositionFormat format, std::vector<std::string>& problems);
  std::size_t samples() const { return samples_; }

  // Reads the spooled samples of the checked body, handing each to `each`.
  Status ForEachSample(const std::function<Status(const OutSample&)>& each) const;
  // The same as views, for a caller that keeps what repeats (sample_spool.h).
  Status ForEachSpooledSample(const std::function<Status(const SpooledSample&)>& each) const;

 private:
  SpooledExposition(const Source& source, int fd, int samples_fd) : source_(source), fd_(fd), samples_fd_(samples_fd) {}

  const Source& source_;
  int fd_;          // the body as fetched
  int samples_fd_;  // the kept samples, parsed
  std::size_t samples_ = 0;
};

}  // namespace evt::scrape
