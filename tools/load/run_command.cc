#include "tools/load/commands.h"

namespace evt::load {

Status RunLoad(const Options&) { return Status::Internal("evt-load run: being built"); }

}  // namespace evt::load
