// evt-scrape's examples for --help and the man page (common/help_examples.h).
#pragma once

#include "common/help_examples.h"

namespace evt::scrape {

HelpExampleTable HelpExamples();

}  // namespace evt::scrape
