// `serve --records FILE|-`: records read as they come, each that can start
// a runbook offered like a POST to /v1/records. A file is followed as it
// grows (as evt-detect run --watch follows one: it must grow by whole
// lines); stdin is read until its writer goes away. A bad line is a
// warning on stderr and skipped: one broken record must not stop the
// dispatcher. Reads on a thread of its own until SIGTERM.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "common/status.h"
#include "tools/runbook/serve_session.h"

namespace evt::runbook {

class RecordFollower {
 public:
  // Opens `path` ("-": stdin); a file that cannot be opened is NoInput.
  static Result<std::unique_ptr<RecordFollower>> Start(const std::string& path, ServeSession& session);
  ~RecordFollower();  // asks the thread to stop and waits for it
  RecordFollower(const RecordFollower&) = delete;
  RecordFollower& operator=(const RecordFollower&) = delete;

 private:
  RecordFollower(int fd, bool follow, std::string name, ServeSession& session);
  void Loop();
  void OfferLine(const std::string& line, std::size_t number);

  int fd_;
  bool follow_;  // a regular file: wait for it to grow at its end
  std::string name_;
  ServeSession& session_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace evt::runbook
