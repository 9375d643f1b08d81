#include "common/status.h"

namespace evt {

Status::Status(ExitCode code, std::string msg) : rep_(new Rep{code, std::move(msg)}) {
  assert(code != ExitCode::kOk);
}

Status::Status(const Status& other) : rep_(other.rep_ ? new Rep(*other.rep_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) rep_.reset(other.rep_ ? new Rep(*other.rep_) : nullptr);
  return *this;
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return rep_ ? rep_->message : kEmpty;
}

Status Status::Prefixed(std::string_view where) const {
  if (ok() || where.empty()) return *this;
  std::string msg(where);
  msg += ": ";
  msg += rep_->message;
  return Status(rep_->code, std::move(msg));
}

}  // namespace evt
