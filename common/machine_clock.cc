#include "common/machine_clock.h"

namespace evt {

const Clock& MachineClock() {
  static const SystemClock kClock;
  return kClock;
}

}  // namespace evt
