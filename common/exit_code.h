// The exit codes of every evt tool, as doc/design.md §6 lists them. The single place
// a number is attached to a meaning: tools return these, never bare ints.
#pragma once

#include <string_view>

namespace evt {

enum class ExitCode : int {
  kOk = 0,
  kCheckFailed = 1,    // the check ran and failed, like grep
  kUsage = 2,
  kDryRunPending = 3,  // a dry run found changes pending
  kDataErr = 65,       // sysexits EX_DATAERR
  kNoInput = 66,       // EX_NOINPUT
  kUnavailable = 69,   // EX_UNAVAILABLE
  kSoftware = 70,      // EX_SOFTWARE: an internal error
  kIoErr = 74,         // EX_IOERR
  kTempFail = 75,      // EX_TEMPFAIL: try again
  kConfig = 78,        // EX_CONFIG
  kInterrupted = 130,  // 128 + SIGINT
  kTerminated = 143,   // 128 + SIGTERM
};

inline constexpr int ToInt(ExitCode code) { return static_cast<int>(code); }

struct ExitCodeInfo {
  ExitCode code;
  std::string_view meaning;
};

// Every documented code with its meaning; man pages are generated from it.
inline constexpr ExitCodeInfo kExitCodes[] = {
    {ExitCode::kOk, "success"},
    {ExitCode::kCheckFailed, "the check ran and failed"},
    {ExitCode::kUsage, "usage error: bad options or arguments"},
    {ExitCode::kDryRunPending, "a dry run found changes pending"},
    {ExitCode::kDataErr, "bad input data"},
    {ExitCode::kNoInput, "an input file is missing or unreadable"},
    {ExitCode::kUnavailable, "a service is unavailable"},
    {ExitCode::kSoftware, "internal error"},
    {ExitCode::kIoErr, "I/O error, such as a full disk on output"},
    {ExitCode::kTempFail, "temporary failure; try again"},
    {ExitCode::kConfig, "bad configuration"},
    {ExitCode::kInterrupted, "interrupted by SIGINT after finishing the current record"},
    {ExitCode::kTerminated, "terminated by SIGTERM after finishing the current record"},
};

}  // namespace evt
