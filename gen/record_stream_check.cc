#include "gen/record_stream_check.h"

#include <string>

#include "common/json_parse.h"

namespace evt {
namespace {

struct Tally {
  bool unparsable = false;
  bool invalid = false;
};

// `line` holds the line and kJsonPadding bytes after it, as JsonParser needs.
void CheckLine(JsonParser& parser, std::string_view line, std::string_view name, std::size_t number,
               const RecordSchemas& schemas, Tally& tally, std::ostream& out) {
  Result<Value> record = parser.Parse(line, name, number);
  if (!record.ok()) {
    out << record.status().message() << '\n';
    tally.unparsable = true;
    return;
  }
  Status valid = schemas.Validate(*record);
  if (!valid.ok()) {
    out << valid.Prefixed(std::string(name) + ":" + std::to_string(number)).message() << '\n';
    tally.invalid = true;
  }
}

}  // namespace

ExitCode CheckRecordStream(std::istream& in, std::string_view name, const RecordSchemas& schemas, std::ostream& out) {
  Tally tally;
  JsonParser parser;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const std::size_t length = line.size();
    line.resize(length + kJsonPadding);
    CheckLine(parser, std::string_view(line).substr(0, length), name, number, schemas, tally, out);
    if (in.eof()) {
      out << name << ":" << number << ": the last line has no \\n at its end\n";
      tally.invalid = true;
    }
  }
  if (tally.unparsable) return ExitCode::kDataErr;
  return tally.invalid ? ExitCode::kCheckFailed : ExitCode::kOk;
}

}  // namespace evt
