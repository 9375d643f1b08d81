#include "tools/load/request_outcome.h"

#include <algorithm>
#include <chrono>

namespace evt::load {
namespace {

double Millis(MicroTime from, MicroTime to) { return std::chrono::duration<double, std::milli>(to - from).count(); }

}  // namespace

const char* ErrorClassName(ErrorClass c) {
  switch (c) {
    case ErrorClass::kNone: return "";
    case ErrorClass::k4xx: return "4xx";
    case ErrorClass::k5xx: return "5xx";
    case ErrorClass::kTimeout: return "timeout";
    case ErrorClass::kConnect: return "connect";
    case ErrorClass::kReset: return "reset";
    case ErrorClass::kOther: return "other";
  }
  return "other";
}

double RequestOutcome::corrected_ms() const { return Millis(intended, done); }
double RequestOutcome::uncorrected_ms() const { return Millis(sent, done); }
double RequestOutcome::slip_ms() const { return std::max(Millis(intended, sent), 0.0); }

}  // namespace evt::load
