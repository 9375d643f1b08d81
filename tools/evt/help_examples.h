// evt's examples for --help and the man page (common/help_examples.h).
#pragma once

#include "common/help_examples.h"

namespace evt::front {

HelpExampleTable HelpExamples();

}  // namespace evt::front
