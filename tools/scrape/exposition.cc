#include "tools/scrape/exposition.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <functional>
#include <unordered_set>

#include "common/utf8.h"
#include "tools/scrape/body_limit.h"
#include "tools/scrape/exposition_checks.h"
#include "tools/scrape/prometheus_names.h"

namespace evt::scrape {
namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }
bool IsLabelStart(char c) { return IsNameStart(c) && c != ':'; }
bool IsLabelChar(char c) { return IsNameChar(c) && c != ':'; }

std::string Shown(std::string_view rest) {
  if (rest.empty()) return "the end of the line";
  std::string s(1, rest.front());
  return "'" + s + "'";
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

// The suffixes a family of `type` gives its samples' names.
std::vector<std::string_view> SuffixesOf(std::string_view type, ExpositionFormat format) {
  bool om = format == ExpositionFormat::kOpenMetrics;
  if (type == "counter") return om ? std::vector<std::string_view>{"_total", "_created"} : std::vector<std::string_view>{""};
  if (type == "histogram") return {"_bucket", "_sum", "_count", "_created"};
  if (type == "gaugehistogram") return {"_bucket", "_gsum", "_gcount"};
  if (type == "summary") return {"", "_sum", "_count", "_created"};
  if (type == "info") return {"_info"};
  return {""};
}

// Where the next '"' or '\\' is: memchr's word-at-a-time scan for the
// quote, then the backslash only before it (escapes are rare).
std::size_t QuoteOrBackslash(std::string_view text) {
  const void* quote = std::memchr(text.data(), '"', text.size());
  std::size_t end = quote ? static_cast<std::size_t>(static_cast<const char*>(quote) - text.data()) : text.size();
  const void* backslash = std::memchr(text.data(), '\\', end);
  if (backslash) return static_cast<std::size_t>(static_cast<const char*>(backslash) - text.data());
  return quote ? end : std::string_view::npos;
}

// A series' hash without building its key: a hash is only a hint, each
// match is confirmed against the sample it came from.
std::uint64_t SeriesHash(const Sample& sample) {
  auto mix = [](std::uint64_t h, std::string_view part) {
    return (h ^ std::hash<std::string_view>{}(part)) * 0x9E3779B97F4A7C15ull + part.size();
  };
  std::uint64_t h = mix(0, sample.name);
  for (const auto& [key, value] : sample.labels) h = mix(mix(h, key), value);
  return h;
}

bool BelongsTo(std::string_view sample, const Family& family, ExpositionFormat format) {
  if (!sample.starts_with(family.name)) return false;
  std::string_view suffix = sample.substr(family.name.size());
  for (std::string_view s : SuffixesOf(family.type, format)) {
    if (suffix == s) return true;
  }
  return false;
}

}  // namespace

class ExpositionParser::Impl {
 public:
  Impl(ExpositionFormat format, std::string_view source, FamilySink& sink) : format_(format), source_(source), sink_(sink) {}

  Status Line(std::string_view line, bool has_newline) {
    ++line_;
    if (line_ == 1 && om() && line.starts_with("\xEF\xBB\xBF")) return Error("a byte order mark is not allowed");
    if (saw_eof_) return Error("text after \"# EOF\"");
    if (om() && line.find('\r') != std::string_view::npos) return Error("a carriage return is not allowed");
    if (!om() && line.ends_with('\r')) line.remove_suffix(1);
    if (om() && line == "# EOF") {
      saw_eof_ = true;
      return Status::Ok();
    }
    if (om() && !has_newline) return Error("the last line must end with a newline");
    return ParseLine(line);
  }

  Status Finish() {
    if (om() && !saw_eof_) return Status::DataErr(std::string(source_) + ": OpenMetrics text must end with \"# EOF\"");
    return CloseFamily();
  }

 private:
  bool om() const { return format_ == ExpositionFormat::kOpenMetrics; }

  Status Error(std::string_view what) const {
    return Status::DataErr(std::string(source_) + ": line " + std::to_string(line_) + ": " + std::string(what));
  }

  Status ParseLine(std::string_view line) {
    if (!om()) {
      std::size_t first = line.find_first_not_of(" \t");
      if (first == std::string_view::npos) return Status::Ok();
      line.remove_prefix(first);
    } else if (line.empty()) {
      return Error("an empty line is not allowed in OpenMetrics");
    }
    if (line.front() == '#') return ParseComment(line);
    return ParseSample(line);
  }

  void SkipSpaces(std::string_view& rest) const {
    if (om()) return;
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  }

  // One separating blank: exactly one space in OpenMetrics, any run of
  // blanks in Prometheus text.
  Status Separator(std::string_view& rest, std::string_view before) const {
    if (rest.empty() || (rest.front() != ' ' && rest.front() != '\t')) {
      return Error("expected a space before " + std::string(before) + ", got " + Shown(rest));
    }
    if (om() && rest.front() != ' ') return Error("expected a space before " + std::string(before) + ", got a tab");
    rest.remove_prefix(1);
    SkipSpaces(rest);
    if (om() && !rest.empty() && rest.front() == ' ') return Error("expected one space before " + std::string(before));
    return Status::Ok();
  }

  Result<std::string> BareName(std::string_view& rest, bool label) const {
    std::size_t n = 0;
    if (rest.empty() || !(label ? IsLabelStart(rest[0]) : IsNameStart(rest[0]))) {
      return Error(std::string(label ? "label name" : "metric name") + ": expected a letter or '_', got " + Shown(rest));
    }
    while (n < rest.size() && (label ? IsLabelChar(rest[n]) : IsNameChar(rest[n]))) ++n;
    std::string name(rest.substr(0, n));
    rest.remove_prefix(n);
    return name;
  }

  // A double-quoted string with \\, \" and \n escapes. `what` names it in
  // errors; for a label value, `label` is its label's name, joined into the
  // message only when there is one to give (this runs for every label).
  Result<std::string> Quoted(std::string_view& rest, std::string_view what, std::string_view label = {}) const {
    auto named = [&] { return label.empty() ? std::string(what) : "label " + std::string(label) + " " + std::string(what); };
    if (rest.empty() || rest.front() != '"') return Error(named() + ": expected '\"', got " + Shown(rest));
    rest.remove_prefix(1);
    std::string out;
    while (true) {
      std::size_t stop = QuoteOrBackslash(rest);
      if (stop == std::string_view::npos) return Error(named() + ": the closing '\"' is missing");
      out.append(rest.substr(0, stop));
      char c = rest[stop];
      rest.remove_prefix(stop + 1);
      if (c == '"') break;
      if (rest.empty()) return Error(named() + ": the closing '\"' is missing");
      char e = rest.front();
      rest.remove_prefix(1);
      if (e == '\\') out.push_back('\\');
      else if (e == '"') out.push_back('"');
      else if (e == 'n') out.push_back('\n');
      else return Error(named() + ": unknown escape '\\" + std::string(1, e) + "' (expected \\\\, \\\" or \\n)");
    }
    if (!IsValidUtf8(out)) return Error(named() + ": not valid UTF-8");
    return out;
  }

  Status ParseComment(std::string_view line) {
    std::string_view rest = line.substr(1);
    if (rest.empty() || (rest.front() != ' ' && rest.front() != '\t')) {
      if (om()) return Error("expected \"# HELP\", \"# TYPE\", \"# UNIT\" or \"# EOF\"");
      return Status::Ok();
    }
    SkipSpaces(rest);
    if (om()) rest.remove_prefix(1);
    std::size_t word_end = rest.find_first_of(" \t");
    std::string_view word = rest.substr(0, word_end);
    bool descriptor = word == "HELP" || word == "TYPE" || (om() && word == "UNIT");
    if (!descriptor) {
      if (om()) return Error("expected \"# HELP\", \"# TYPE\", \"# UNIT\" or \"# EOF\", got \"# " + std::string(word) + "\"");
      return Status::Ok();  // a plain comment
    }
    rest.remove_prefix(word.size());
    EVT_RETURN_IF_ERROR(Separator(rest, "the metric name"));
    Result<std::string> name = !rest.empty() && rest.front() == '"' ? Quoted(rest, "metric name") : BareName(rest, false);
    if (!name.ok()) return name.status();
    std::string text;
    if (!rest.empty()) {
      EVT_RETURN_IF_ERROR(Separator(rest, word == "HELP" ? "the help text" : "the value"));
      text = std::string(rest);
    } else if (word != "HELP") {
      return Error("# " + std::string(word) + " " + *name + ": the " + (word == "TYPE" ? "type" : "unit") + " is missing");
    }
    Result<Family*> family = FamilyForMetadata(*name, word);
    if (!family.ok()) return family.status();
    if (word == "HELP") {
      // Help is prose: a stray byte is shown as U+FFFD rather than refusing
      // the exposition, but never passed on, where a record writer refuses it.
      (*family)->help = ToValidUtf8(UnescapeHelp(text));
      return Status::Ok();
    }
    if (word == "UNIT") {
      if (!(*family)->name.ends_with("_" + text)) {
        return Error("# UNIT " + text + ": the metric name " + (*family)->name + " must end with _" + text);
      }
      (*family)->unit = text;
      return Status::Ok();
    }
    return SetType(**family, text);
  }

  Status SetType(Family& family, std::string_view type) {
    if (!om()) {
      SkipTrailingBlanks(type);
      if (type == "counter" || type == "gauge" || type == "histogram" || type == "summary" || type == "untyped") {
        family.type = std::string(type);
        return Status::Ok();
      }
      return Error("# TYPE " + family.name + ": expected counter, gauge, histogram, summary or untyped, got \"" +
                   std::string(type) + "\"");
    }
    static constexpr std::string_view kTypes[] = {"counter", "gauge",          "histogram", "gaugehistogram",
                                                  "summary", "stateset",       "info"};
    if (type == "unknown") {
      family.type = "untyped";
      return Status::Ok();
    }
    for (std::string_view t : kTypes) {
      if (type == t) {
        family.type = std::string(type);
        return Status::Ok();
      }
    }
    return Error("# TYPE " + family.name +
                 ": expected counter, gauge, histogram, gaugehistogram, summary, stateset, info or unknown, got \"" +
                 std::string(type) + "\"");
  }

  static void SkipTrailingBlanks(std::string_view& s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  }

  std::string UnescapeHelp(std::string_view text) const {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        char e = text[i + 1];
        if (e == '\\' || e == 'n' || (om() && e == '"')) {
          out.push_back(e == 'n' ? '\n' : e);
          ++i;
          continue;
        }
      }
      out.push_back(text[i]);
    }
    return out;
  }

  // The family a HELP/TYPE/UNIT line describes: the current one when it
  // has the name and no samples yet, else a new one.
  Result<Family*> FamilyForMetadata(const std::string& name, std::string_view word) {
    if (current_ && current_->name == name) {
      if (!current_->samples.empty()) return Error("# " + std::string(word) + " " + name + " comes after its samples");
      bool repeated = (word == "HELP" && help_seen_) || (word == "TYPE" && type_seen_) || (word == "UNIT" && unit_seen_);
      if (repeated) return Error("a second # " + std::string(word) + " line for " + name);
    } else {
      if (seen_families_.count(name)) return Error("# " + std::string(word) + " " + name + ": the family " + name +
                                                   " appeared before; a family's lines must be one group");
      EVT_RETURN_IF_ERROR(StartFamily(name, "untyped"));
    }
    if (word == "HELP") help_seen_ = true;
    if (word == "TYPE") type_seen_ = true;
    if (word == "UNIT") unit_seen_ = true;
    return &*current_;
  }

  Status StartFamily(const std::string& name, std::string type) {
    EVT_RETURN_IF_ERROR(CloseFamily());
    current_.emplace(Family{name, std::move(type), "", "", {}});
    series_.clear();
    seen_families_.insert(name);
    family_names_.push_back(name);
    last_claimed_.clear();
    help_seen_ = type_seen_ = unit_seen_ = false;
    return Status::Ok();
  }

  Status CloseFamily() {
    if (!current_) return Status::Ok();
    Status checked = CheckFamily(*current_, format_);
    if (!checked.ok()) return Status::DataErr(std::string(source_) + ": " + checked.message());
    Status taken = sink_.OnFamily(*current_);
    current_.reset();
    return taken;
  }

  Status ParseSample(std::string_view line) {
    std::string_view rest = line;
    Sample sample;
    sample.labels.reserve(4);  // most series have a few: one allocation, not one per growth
    if (rest.front() == '{') {
      // {"quoted.name", label="v"}: the name inside the braces.
    } else {
      Result<std::string> name = BareName(rest, false);
      if (!name.ok()) return name.status();
      sample.name = std::move(*name);
    }
    if (!rest.empty() && rest.front() == '{') EVT_RETURN_IF_ERROR(ParseLabels(rest, sample));
    if (sample.name.empty()) return Error("metric name: expected a name before the labels or as the first quoted one");
    EVT_RETURN_IF_ERROR(Separator(rest, "the value"));
    std::size_t value_end = rest.find_first_of(" \t");
    std::string_view value_text = rest.substr(0, value_end);
    std::optional<double> value = ParseValue(value_text);
    if (!value) return Error(sample.name + ": value: expected a number, NaN, +Inf or -Inf, got \"" + std::string(value_text) + "\"");
    sample.value = *value;
    rest.remove_prefix(value_text.size());
    EVT_RETURN_IF_ERROR(ParseTimestampAndExemplar(rest, sample));
    return AddSample(std::move(sample));
  }

  Status ParseLabels(std::string_view& rest, Sample& sample) {
    rest.remove_prefix(1);  // '{'
    bool first = true;
    while (true) {
      SkipSpaces(rest);
      if (!rest.empty() && rest.front() == '}') {
        if (!first && om()) return Error(sample.name + ": a trailing ',' in the labels is not allowed in OpenMetrics");
        rest.remove_prefix(1);
        return Status::Ok();
      }
      Result<std::string> key = !rest.empty() && rest.front() == '"' ? Quoted(rest, "label name") : BareName(rest, true);
      if (!key.ok()) return key.status();
      SkipSpaces(rest);
      bool is_metric_name = first && sample.name.empty() && !rest.empty() && (rest.front() == ',' || rest.front() == '}');
      if (is_metric_name) {
        sample.name = std::move(*key);
      } else {
        if (rest.empty() || rest.front() != '=') return Error("label " + *key + ": expected '=', got " + Shown(rest));
        rest.remove_prefix(1);
        SkipSpaces(rest);
        Result<std::string> value = Quoted(rest, "value", *key);
        if (!value.ok()) return value.status();
        for (const auto& label : sample.labels) {
          if (label.first == *key) return Error("label " + *key + " appears twice");
        }
        sample.labels.emplace_back(std::move(*key), std::move(*value));
      }
      first = false;
      SkipSpaces(rest);
      if (!rest.empty() && rest.front() == ',') {
        rest.remove_prefix(1);
        if (om() && !rest.empty() && rest.front() == '}') return Error(sample.name + ": a trailing ',' in the labels is not allowed in OpenMetrics");
        continue;
      }
      if (!rest.empty() && rest.front() == '}') {
        rest.remove_prefix(1);
        return Status::Ok();
      }
      return Error("labels: expected ',' or '}', got " + Shown(rest));
    }
  }

  Status ParseTimestampAndExemplar(std::string_view& rest, Sample& sample) {
    if (!om()) SkipTrailingBlanks(rest);
    if (rest.empty()) return Status::Ok();
    EVT_RETURN_IF_ERROR(Separator(rest, "the timestamp"));
    if (om() && rest.starts_with("# ")) return CheckExemplar(rest.substr(2), sample);
    std::size_t end = rest.find_first_of(" \t");
    std::string_view ts = rest.substr(0, end);
    rest.remove_prefix(ts.size());
    if (om()) {
      std::optional<double> seconds = ParseValue(ts);
      if (!seconds || !std::isfinite(*seconds) || std::fabs(*seconds) > 9e15) {
        return Error(sample.name + ": timestamp: expected seconds since the epoch, got \"" + std::string(ts) + "\"");
      }
      sample.timestamp_ms = static_cast<std::int64_t>(std::llround(*seconds * 1000));
      if (rest.empty()) return Status::Ok();
      EVT_RETURN_IF_ERROR(Separator(rest, "the exemplar"));
      if (!rest.starts_with("# ")) return Error(sample.name + ": expected an exemplar (\"# {...} value\") or the end of the line");
      return CheckExemplar(rest.substr(2), sample);
    }
    std::int64_t ms = 0;
    auto [ptr, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), ms);
    if (ec != std::errc() || ptr != ts.data() + ts.size()) {
      return Error(sample.name + ": timestamp: expected milliseconds since the epoch (an integer), got \"" + std::string(ts) + "\"");
    }
    sample.timestamp_ms = ms;
    if (!rest.empty()) return Error(sample.name + ": expected the end of the line after the timestamp, got \"" + std::string(rest) + "\"");
    return Status::Ok();
  }

  // An exemplar, "{labels} value [timestamp]": checked, then dropped.
  Status CheckExemplar(std::string_view rest, const Sample& sample) {
    Sample exemplar;
    exemplar.name = sample.name;
    if (rest.empty() || rest.front() != '{') return Error(sample.name + ": exemplar: expected '{'");
    EVT_RETURN_IF_ERROR(ParseLabels(rest, exemplar));
    EVT_RETURN_IF_ERROR(Separator(rest, "the exemplar value"));
    std::size_t end = rest.find(' ');
    if (!ParseValue(rest.substr(0, end))) return Error(sample.name + ": exemplar value: expected a number");
    if (end == std::string_view::npos) return Status::Ok();
    if (!ParseValue(rest.substr(end + 1))) return Error(sample.name + ": exemplar timestamp: expected seconds");
    return Status::Ok();
  }

  Status AddSample(Sample sample) {
    if (!current_ || !BelongsTo(sample.name, *current_, format_)) {
      if (seen_families_.count(sample.name)) {
        return Error(sample.name + ": the family " + sample.name + " appeared before; a family's lines must be one group");
      }
      EVT_RETURN_IF_ERROR(StartFamily(sample.name, "untyped"));
    }
    EVT_RETURN_IF_ERROR(ClaimSampleName(sample.name));
    if (IsRepeat(sample)) {
      sink_.OnRepeatedSeries(SeriesKey(sample.name, sample.labels));
      return Status::Ok();
    }
    current_->samples.push_back(std::move(sample));
    return Status::Ok();
  }

  // A sample name belongs to one family: `h_bucket` as an untyped family
  // and again under `# TYPE h histogram` would be the same series twice,
  // which the per-family repeat check cannot see. (Found by the fuzzer.)
  Status ClaimSampleName(const std::string& name) {
    if (name == last_claimed_) return Status::Ok();
    std::size_t family = family_names_.size() - 1;
    auto [owner, inserted] = sample_name_family_.emplace(name, family);
    if (!inserted && owner->second != family) {
      return Error(name + ": the family " + family_names_[owner->second] +
                   " appeared before; a family's lines must be one group");
    }
    last_claimed_ = name;
    return Status::Ok();
  }

  // Whether the series was seen before. A family's lines are one group, so
  // a series can only repeat within the current family: only its series are
  // kept, as hashes (a set of keys was most of the parse time), and a hash
  // seen before is confirmed against the sample it came from, so a
  // collision never drops a sample.
  bool IsRepeat(const Sample& sample) {
    std::uint64_t hash = SeriesHash(sample);
    auto [first, last] = series_.equal_range(hash);
    for (auto it = first; it != last; ++it) {
      const Sample& seen = current_->samples[it->second];
      if (seen.name == sample.name && seen.labels == sample.labels) return true;
    }
    series_.emplace(hash, current_->samples.size());
    return false;
  }

  ExpositionFormat format_;
  std::string source_;
  FamilySink& sink_;
  std::size_t line_ = 0;
  bool saw_eof_ = false;
  std::optional<Family> current_;
  std::vector<std::string> family_names_;  // by the order they started
  bool help_seen_ = false, type_seen_ = false, unit_seen_ = false;
  std::unordered_set<std::string> seen_families_;
  std::unordered_map<std::string, std::size_t> sample_name_family_;
  std::string last_claimed_;
  std::unordered_multimap<std::uint64_t, std::size_t> series_;  // the current family's: hash -> sample
};

std::optional<double> ParseValue(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  std::string_view digits = text;
  if (digits.front() == '+' || digits.front() == '-') {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  if (EqualsIgnoringCase(digits, "inf") || EqualsIgnoringCase(digits, "infinity")) {
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (EqualsIgnoringCase(digits, "nan") && text.size() == 3) return std::numeric_limits<double>::quiet_NaN();
  if (digits.empty() || digits.front() == '+' || digits.front() == '-') return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ptr != digits.data() + digits.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // Go's ParseFloat returns ±Inf for overflow, 0 for underflow; so do we.
    bool underflow = digits.find("e-") != std::string_view::npos || digits.find("E-") != std::string_view::npos;
    value = underflow ? 0.0 : std::numeric_limits<double>::infinity();
  } else if (ec != std::errc()) {
    return std::nullopt;
  }
  return negative ? -value : value;
}

std::string SeriesKey(std::string_view name, const Labels& labels) {
  std::string key;
  AppendSeriesKey(key, name, labels);
  return key;
}

namespace {

template <typename Keep>
void AppendKeptSeriesKey(std::string& key, std::string_view name, const Labels& labels, Keep keep) {
  key.append(name);
  key.push_back('{');
  bool first = true;
  for (const auto& [label, value] : labels) {
    if (!keep(label)) continue;
    if (!first) key.push_back(',');
    first = false;
    key += label;
    key += "=\"";
    for (char c : value) {
      if (c == '\\' || c == '"') key.push_back('\\');
      if (c == '\n') {
        key += "\\n";
        continue;
      }
      key.push_back(c);
    }
    key.push_back('"');
  }
  key.push_back('}');
}

}  // namespace

void AppendSeriesKey(std::string& key, std::string_view name, const Labels& labels) {
  AppendKeptSeriesKey(key, name, labels, [](const std::string&) { return true; });
}

void AppendSeriesKeyWithout(std::string& key, std::string_view name, const Labels& labels, std::string_view without) {
  AppendKeptSeriesKey(key, name, labels, [without](const std::string& label) { return label != without; });
}

ExpositionParser::ExpositionParser(ExpositionFormat format, std::string_view source, FamilySink& sink)
    : impl_(std::make_unique<Impl>(format, source, sink)) {}
ExpositionParser::~ExpositionParser() = default;
Status ExpositionParser::Line(std::string_view line, bool has_newline) { return impl_->Line(line, has_newline); }
Status ExpositionParser::Finish() { return impl_->Finish(); }

namespace {

class CollectingSink : public FamilySink {
 public:
  explicit CollectingSink(Exposition& out) : out_(out) {}
  Status OnFamily(Family& family) override {
    out_.families.push_back(std::move(family));
    return Status::Ok();
  }
  void OnRepeatedSeries(std::string key) override { out_.duplicates.push_back(std::move(key)); }

 private:
  Exposition& out_;
};

}  // namespace

Result<Exposition> ParseExposition(std::string_view text, ExpositionFormat format, std::string_view source) {
  Exposition out;
  CollectingSink sink(out);
  ExpositionParser parser(format, source, sink);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    bool has_newline = end != std::string_view::npos;
    if (!has_newline) end = text.size();
    EVT_RETURN_IF_ERROR(parser.Line(text.substr(pos, end - pos), has_newline));
    pos = has_newline ? end + 1 : end;
  }
  EVT_RETURN_IF_ERROR(parser.Finish());
  return out;
}

Status ParseExpositionFile(int fd, ExpositionFormat format, std::string_view source, FamilySink& sink, std::size_t max_line,
                           std::uint64_t max_bytes) {
  ExpositionParser parser(format, source, sink);
  constexpr std::size_t kChunk = 1u << 20;
  std::string pending;  // the start of a line the last chunk cut
  std::vector<char> chunk(kChunk);
  std::size_t lines = 0;
  std::uint64_t offset = 0;
  while (true) {
    // One byte past the bound is enough to know the file went past it.
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), max_bytes - offset + 1));
    ssize_t n = pread(fd, chunk.data(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoErr(std::string(source) + ": reading the fetched body: " + std::strerror(errno));
    if (n == 0) break;
    offset += static_cast<std::uint64_t>(n);
    // A local file is checked against max_body when it is opened; one that
    // grows while it is read must not take the parse past it.
    if (offset > max_bytes) return Status::DataErr(std::string(source) + ": " + BodyRefusal(offset, offset, max_bytes, false));
    std::string_view rest(chunk.data(), static_cast<std::size_t>(n));
    auto too_long = [&] {
      return Status::DataErr(std::string(source) + ": line " + std::to_string(lines + 1) + ": longer than " +
                             std::to_string(max_line) + " bytes");
    };
    while (true) {
      std::size_t end = rest.find('\n');
      if (end == std::string_view::npos) break;
      if (pending.size() + end > max_line) return too_long();
      ++lines;
      if (pending.empty()) {
        EVT_RETURN_IF_ERROR(parser.Line(rest.substr(0, end), true));
      } else {
        pending.append(rest.substr(0, end));
        EVT_RETURN_IF_ERROR(parser.Line(pending, true));
        pending.clear();
      }
      rest.remove_prefix(end + 1);
    }
    if (pending.size() + rest.size() > max_line) return too_long();
    pending.append(rest);
  }
  if (!pending.empty()) EVT_RETURN_IF_ERROR(parser.Line(pending, false));
  return parser.Finish();
}

}  // namespace evt::scrape
