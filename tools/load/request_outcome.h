// What happened to one request of a load run, from its place on the
// schedule to its last byte: what `--raw` writes as a `load.request`
// record, what the windows aggregate, what a replay reads back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/time_format.h"

namespace evt::load {

// Microsecond instants: a schedule at 20,000 requests/s is 50 µs apart.
using MicroTime = std::chrono::sys_time<std::chrono::microseconds>;

// Why a request did not get a 2xx/3xx answer, as windows count errors.
enum class ErrorClass { kNone, k4xx, k5xx, kTimeout, kConnect, kReset, kOther };
const char* ErrorClassName(ErrorClass c);  // "4xx", "5xx", "timeout", "connect", "reset", "other"; "" for kNone

struct RequestOutcome {
  std::int64_t seq = 0;  // counting from 1 in schedule order
  std::string method = "GET";
  std::string url;
  std::string step;  // the flow step's name; empty for a plain URL or a replay
  std::int64_t buyer = 0;  // the flow run (virtual buyer) it belongs to; 0 outside flows
  MicroTime intended{};  // its place on the schedule
  MicroTime sent{};      // when it was handed to the engine
  std::optional<MicroTime> first_byte;
  MicroTime done{};
  std::optional<long> status;
  std::int64_t bytes = 0;
  std::string error;  // empty when answered; else in words, as evt-probe says it
  ErrorClass error_class = ErrorClass::kNone;

  // From the intended time: what a buyer waiting on the schedule saw.
  double corrected_ms() const;
  // From the actual send: what a closed-loop tool reports.
  double uncorrected_ms() const;
  // How late the send was against the schedule; 0 when on time.
  double slip_ms() const;
};

}  // namespace evt::load
