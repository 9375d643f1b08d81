// Base64 as RFC 4648 §4 writes it (the standard alphabet, padded with '='):
// HTTP Basic credentials, MIME encoded words.
#pragma once

#include <string>
#include <string_view>

namespace evt {

std::string Base64Encode(std::string_view bytes);

}  // namespace evt
