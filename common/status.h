// Errors as values, after LevelDB's Status: an OK status costs one null
// pointer; a failure carries the exit code it maps to and a message that
// already names where (file:line: field:) and what.
#pragma once

#include <cassert>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "common/exit_code.h"

namespace evt {

class Status {
 public:
  Status() = default;
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status Ok() { return Status(); }
  static Status CheckFailed(std::string msg) { return Status(ExitCode::kCheckFailed, std::move(msg)); }
  static Status Usage(std::string msg) { return Status(ExitCode::kUsage, std::move(msg)); }
  static Status DataErr(std::string msg) { return Status(ExitCode::kDataErr, std::move(msg)); }
  static Status NoInput(std::string msg) { return Status(ExitCode::kNoInput, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(ExitCode::kUnavailable, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(ExitCode::kSoftware, std::move(msg)); }
  static Status IoErr(std::string msg) { return Status(ExitCode::kIoErr, std::move(msg)); }
  static Status TempFail(std::string msg) { return Status(ExitCode::kTempFail, std::move(msg)); }
  static Status Config(std::string msg) { return Status(ExitCode::kConfig, std::move(msg)); }
  // REQUIRES: code != ExitCode::kOk.
  static Status WithCode(ExitCode code, std::string msg) { return Status(code, std::move(msg)); }

  bool ok() const { return rep_ == nullptr; }
  ExitCode code() const { return rep_ ? rep_->code : ExitCode::kOk; }
  // Empty for an OK status.
  const std::string& message() const;
  // "ok", or the message: what a person reads after "prog: ".
  std::string ToString() const { return ok() ? "ok" : message(); }

  // A copy whose message reads "where: message", for adding the file, line
  // or field as an error travels outwards. An OK status stays OK.
  Status Prefixed(std::string_view where) const;

 private:
  struct Rep {
    ExitCode code;
    std::string message;
  };
  Status(ExitCode code, std::string msg);
  std::unique_ptr<Rep> rep_;
};

// A value or the Status saying why there is none. C++20 has no std::expected.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  // REQUIRES: !status.ok()
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace evt

// Return early from a function that returns Status or Result<T>.
#define EVT_RETURN_IF_ERROR(expr)             \
  do {                                        \
    ::evt::Status evt_status_ = (expr);       \
    if (!evt_status_.ok()) return evt_status_; \
  } while (0)

#define EVT_STATUS_CONCAT_INNER_(a, b) a##b
#define EVT_STATUS_CONCAT_(a, b) EVT_STATUS_CONCAT_INNER_(a, b)

// `lhs = value of expr` when expr (a Result<T>) holds one; otherwise return
// its status from the enclosing function (Status or Result<U>), as protobuf's
// ASSIGN_OR_RETURN. `lhs` may declare the variable:
//   EVT_ASSIGN_OR_RETURN(Catalog catalog, LoadCatalog(path));
// It expands to several statements: not the lone body of an if or a loop.
#define EVT_ASSIGN_OR_RETURN(lhs, expr) \
  EVT_ASSIGN_OR_RETURN_IMPL_(EVT_STATUS_CONCAT_(evt_result_, __LINE__), lhs, expr)
#define EVT_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                \
  if (!result.ok()) return result.status();            \
  lhs = std::move(result).value()
