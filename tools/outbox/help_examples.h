// evt-outbox's examples for --help and the man page (common/help_examples.h).
#pragma once

#include "common/help_examples.h"

namespace evt::outbox {

HelpExampleTable HelpExamples();

}  // namespace evt::outbox
