// Pieces of a metric record's JSON, shared by the writer of one record
// (metric_output.h) and the one that caches them per family
// (spooled_records.h), so both print the same bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt::scrape {

// A sample's value: NaN and the infinities as strings, a whole number below
// 9e15 as an integer, else the shortest double that reads back the same.
void AppendSampleValue(std::string& out, double v);
// The same at `out`, which has room for kMaxSampleValue bytes; returns the end.
constexpr std::size_t kMaxSampleValue = 32;  // "-2.2250738585072014e-308" and ".0" fit
char* WriteSampleValue(char* out, double v);

// AppendJsonString (json_writer.h), quicker for plain printable ASCII.
Status AppendJsonText(std::string& out, std::string_view text);

// A metric record's members after its labels, `,"source":…,"type":…` and
// the unit and help where they are not empty, without the closing brace.
Status AppendFamilyMembers(std::string& out, std::string_view source, std::string_view type, std::string_view unit,
                           std::string_view help);

}  // namespace evt::scrape
