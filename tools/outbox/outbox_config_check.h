// `evt-outbox config check`: the outbox section read as every command reads
// it, then every file it names opened with the parser that uses it: token
// files (common/secret.h's rules), TLS certificates and keys.
#pragma once

#include "common/config.h"
#include "common/status.h"

namespace evt::outbox {

// The first problem, a config error (78) naming the file and the pointer.
Status CheckOutboxConfig(const Config& config);

}  // namespace evt::outbox
