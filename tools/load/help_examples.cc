#include "tools/load/help_examples.h"

namespace evt::load {

HelpExampleTable HelpExamples() {
  return {
      {"run",
       {{"evt-load run https://staging.shop.example/ --rate 50 --duration 1m",
         "50 requests a second for a minute, latency measured from the schedule"},
        {"evt-load run --flow buy.json --profile ramp:1-20/5m --abort-if 'p99>800ms for 10s'",
         "ramp virtual buyers from 1 to 20 a second, stopping if p99 stays above 800 ms"},
        {"evt-load run --replay access.log --speed 2x --max-gap 5s https://staging.shop.example/",
         "replay yesterday's access log at twice the speed against staging"}}},
  };
}

}  // namespace evt::load
