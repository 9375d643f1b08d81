#include "tools/load/replay_log.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <utility>

#include "common/quoted.h"
#include "tools/load/access_log.h"
#include "tools/load/log_arrivals.h"

namespace evt::load {
namespace {

struct FormatName {
  LogFormat format;
  const char* name;
};
constexpr std::array<FormatName, 5> kFormats = {{{LogFormat::kAuto, "auto"},
                                                 {LogFormat::kCombined, "combined"},
                                                 {LogFormat::kHaproxy, "haproxy"},
                                                 {LogFormat::kJson, "json"},
                                                 {LogFormat::kRecords, "records"}}};

std::string Where(std::string_view name, std::int64_t line) { return std::string(name) + ":" + std::to_string(line); }

Result<LogFormat> DetectFormat(std::string_view text, std::string_view name, std::int64_t line, JsonLogParser& json) {
  switch (ShapeOfLine(text)) {
    case TextLogShape::kCombined: return LogFormat::kCombined;
    case TextLogShape::kHaproxy: return LogFormat::kHaproxy;
    case TextLogShape::kJson: {
      Result<Value> object = json.ParseObject(text, name, line);
      if (!object.ok()) return object.status();
      const Value* kind = object->find("kind");
      bool records = kind != nullptr && kind->is_string() && kind->as_string() == "load.request";
      return records ? LogFormat::kRecords : LogFormat::kJson;
    }
    case TextLogShape::kUnknown: break;
  }
  return Status::DataErr("cannot tell the log's format from this line (expected combined, haproxy, json or "
                         "load.request records): give --log-format")
      .Prefixed(Where(name, line));
}

class LineParser {
 public:
  LineParser(LogFormat format, const JsonLogFields& fields) : format_(format), json_(fields) {}

  Result<LoggedRequest> Parse(std::string_view text, std::string_view name, std::int64_t line) {
    switch (format_) {
      case LogFormat::kCombined: return ParseCombinedLine(text, name, line);
      case LogFormat::kHaproxy: return ParseHaproxyLine(text, name, line);
      case LogFormat::kJson: return json_.ParseMapped(text, name, line);
      case LogFormat::kRecords: return json_.ParseLoadRequest(text, name, line);
      case LogFormat::kAuto: break;
    }
    return Status::Internal("log format not resolved before parsing");
  }

 private:
  LogFormat format_;
  JsonLogParser json_;
};

}  // namespace

Result<LogFormat> ParseLogFormat(std::string_view name) {
  for (const FormatName& f : kFormats) {
    if (name == f.name) return f.format;
  }
  return Status::Usage("--log-format " + QuotedForMessage(name) + ": expected auto, combined, haproxy, json or records");
}

const char* LogFormatName(LogFormat format) {
  for (const FormatName& f : kFormats) {
    if (format == f.format) return f.name;
  }
  return "?";
}

Result<ReplayLog> ReadReplayLog(std::istream& in, std::string_view name, const ReplayLogOptions& options) {
  ReplayLog log;
  log.format = options.format;
  std::optional<LineParser> parser;
  if (options.format != LogFormat::kAuto) parser.emplace(options.format, options.fields);
  std::vector<LoggedRequest> logged;
  std::string text;
  for (std::int64_t line = 1; std::getline(in, text); ++line) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    ++log.lines;
    if (!parser) {
      JsonLogParser detector(options.fields);
      EVT_ASSIGN_OR_RETURN(log.format, DetectFormat(text, name, line, detector));
      parser.emplace(log.format, options.fields);
    }
    Result<LoggedRequest> parsed =
        text.size() > options.max_line_bytes
            ? Result<LoggedRequest>(Status::DataErr("line longer than " + std::to_string(options.max_line_bytes) +
                                                    " bytes")
                                        .Prefixed(Where(name, line)))
            : parser->Parse(text, name, line);
    if (parsed.ok()) {
      logged.push_back(std::move(parsed).value());
    } else if (options.on_error == OnError::kFail) {
      return parsed.status();
    } else {
      if (log.malformed++ == 0) log.first_error = parsed.status().message();
    }
  }
  if (in.bad()) return Status::IoErr(std::string(name) + ": read error");
  log.requests = LoggedArrivals(std::move(logged));
  return log;
}

Result<ReplayLog> ReadReplayLogFile(const std::string& path, const ReplayLogOptions& options) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) return Status::NoInput(path + ": is a directory, expected a log");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NoInput(path + ": cannot open: " + std::strerror(errno));
  return ReadReplayLog(in, path, options);
}

}  // namespace evt::load
