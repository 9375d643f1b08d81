// Escapes of the Prometheus and OpenMetrics text exposition formats, shared
// by every tool that writes metrics (evt-probe's --format, evt-scrape's
// output), so a label means the same whoever wrote it.
#pragma once

#include <string>
#include <string_view>

namespace evt {

// A label value: \\, \" and \n escaped, as both formats want.
std::string EscapeLabelValue(std::string_view value);

// HELP text: \\ and \n escaped. Prometheus leaves quotes as they are;
// OpenMetrics escapes them as in a label value (`escape_quotes`).
std::string EscapeHelpText(std::string_view text, bool escape_quotes);

}  // namespace evt
