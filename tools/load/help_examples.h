// evt-load's examples for --help and the man page (common/help_examples.h).
#pragma once

#include "common/help_examples.h"

namespace evt::load {

HelpExampleTable HelpExamples();

}  // namespace evt::load
