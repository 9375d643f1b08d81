#include "tools/scrape/json_path.h"

#include <charconv>
#include <optional>
#include <variant>

#include "tools/scrape/exposition_checks.h"

namespace evt::scrape {

struct Comparison {
  std::vector<std::string> path;  // member names under @
  std::string op;                 // "" for an existence test
  Value literal;
};

struct JsonPath::Step {
  enum class Kind { kMember, kWildcard, kIndex, kFilter } kind;
  std::string name;
  std::int64_t index = 0;
  Comparison filter;
};

namespace {

bool IsIdentifierChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         static_cast<unsigned char>(c) >= 0x80;
}

class PathParser {
 public:
  explicit PathParser(std::string_view text) : text_(text) {}

  Result<std::vector<JsonPath::Step>> Run() {
    SkipBlanks();
    if (!Eat('$') && !Eat('@')) return Error("expected the path to start with '$' (the document) or '@' (the record)");
    std::vector<JsonPath::Step> steps;
    while (true) {
      SkipBlanks();
      if (AtEnd()) return steps;
      Result<JsonPath::Step> step = ParseStep();
      if (!step.ok()) return step.status();
      steps.push_back(std::move(*step));
    }
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  void SkipBlanks() {
    while (Peek() == ' ') ++pos_;
  }
  Status Error(std::string_view what) const {
    return Status::Config("JSONPath \"" + std::string(text_) + "\": at " + std::to_string(pos_ + 1) + ": " + std::string(what));
  }

  Result<JsonPath::Step> ParseStep() {
    using Kind = JsonPath::Step::Kind;
    if (Eat('.')) {
      if (Peek() == '.') return Error("descendant segments (..) are not supported");
      if (Eat('*')) return JsonPath::Step{Kind::kWildcard, "", 0, {}};
      std::string name = Identifier();
      if (name.empty()) return Error("expected a member name or '*' after '.'");
      return JsonPath::Step{Kind::kMember, name, 0, {}};
    }
    if (!Eat('[')) return Error("expected '.' or '['");
    SkipBlanks();
    JsonPath::Step step{Kind::kWildcard, "", 0, {}};
    if (Eat('*')) {
    } else if (Peek() == '\'' || Peek() == '"') {
      Result<std::string> name = StringLiteral();
      if (!name.ok()) return name.status();
      step = {Kind::kMember, *name, 0, {}};
    } else if (Eat('?')) {
      Result<Comparison> filter = Filter();
      if (!filter.ok()) return filter.status();
      step = {Kind::kFilter, "", 0, std::move(*filter)};
    } else {
      std::optional<std::int64_t> index = Integer();
      if (!index) return Error("expected a quoted name, an index, '*' or a filter '?...' after '['");
      step = {Kind::kIndex, "", *index, {}};
    }
    SkipBlanks();
    if (Peek() == ',' || Peek() == ':') return Error("unions and slices are not supported");
    if (!Eat(']')) return Error("expected ']'");
    return step;
  }

  std::string Identifier() {
    std::size_t start = pos_;
    while (!AtEnd() && IsIdentifierChar(Peek())) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  std::optional<std::int64_t> Integer() {
    std::size_t start = pos_;
    if (Peek() == '-') ++pos_;
    while (Peek() >= '0' && Peek() <= '9') ++pos_;
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, n);
    if (ec != std::errc() || ptr != text_.data() + pos_ || pos_ == start) {
      pos_ = start;
      return std::nullopt;
    }
    return n;
  }

  Result<std::string> StringLiteral() {
    char quote = text_[pos_++];
    std::string out;
    while (!AtEnd() && Peek() != quote) {
      char c = text_[pos_++];
      if (c == '\\' && !AtEnd()) {
        char e = text_[pos_++];
        out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        continue;
      }
      out.push_back(c);
    }
    if (!Eat(quote)) return Error("the closing quote is missing");
    return out;
  }

  Result<Comparison> Filter() {
    SkipBlanks();
    bool parenthesized = Eat('(');
    SkipBlanks();
    if (!Eat('@')) return Error("a filter compares a path starting with '@'");
    Comparison c;
    while (Peek() == '.' || Peek() == '[') {
      if (Eat('.')) {
        std::string name = Identifier();
        if (name.empty()) return Error("expected a member name after '.'");
        c.path.push_back(name);
      } else {
        ++pos_;
        SkipBlanks();
        if (Peek() != '\'' && Peek() != '"') return Error("expected a quoted member name in the filter path");
        Result<std::string> name = StringLiteral();
        if (!name.ok()) return name.status();
        c.path.push_back(*name);
        SkipBlanks();
        if (!Eat(']')) return Error("expected ']'");
      }
    }
    SkipBlanks();
    static constexpr std::string_view kOps[] = {"==", "!=", "<=", ">=", "<", ">"};
    for (std::string_view op : kOps) {
      if (text_.substr(pos_).starts_with(op)) {
        c.op = std::string(op);
        pos_ += op.size();
        break;
      }
    }
    if (!c.op.empty()) {
      SkipBlanks();
      Result<Value> literal = Literal();
      if (!literal.ok()) return literal.status();
      c.literal = std::move(*literal);
      SkipBlanks();
    } else if (Peek() != ')' && Peek() != ']') {
      return Error("expected ==, !=, <, <=, > or >= (&& and || are not supported)");
    }
    if (parenthesized && !Eat(')')) return Error("expected ')'");
    return c;
  }

  Result<Value> Literal() {
    if (Peek() == '\'' || Peek() == '"') {
      Result<std::string> s = StringLiteral();
      if (!s.ok()) return s.status();
      return Value(*s);
    }
    for (auto [word, value] : {std::pair<std::string_view, Value>{"true", true}, {"false", false}, {"null", nullptr}}) {
      if (text_.substr(pos_).starts_with(word)) {
        pos_ += word.size();
        return value;
      }
    }
    std::size_t start = pos_;
    while (!AtEnd() && std::string_view("+-.0123456789eE").find(Peek()) != std::string_view::npos) ++pos_;
    std::optional<double> number = ParseValue(text_.substr(start, pos_ - start));
    if (pos_ == start || !number) return Error("expected a string, number, true, false or null to compare with");
    return Value(*number);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

const Value* Under(const Value& v, const std::vector<std::string>& path) {
  const Value* at = &v;
  for (const std::string& name : path) {
    at = at->find(name);
    if (!at) return nullptr;
  }
  return at;
}

bool Compare(const Value& left, const std::string& op, const Value& right) {
  if (op == "==" || op == "!=") {
    bool equal = left.is_number() && right.is_number() ? left.as_double() == right.as_double() : left == right;
    return op == "==" ? equal : !equal;
  }
  int order = 0;
  if (left.is_number() && right.is_number()) {
    double a = left.as_double(), b = right.as_double();
    order = a < b ? -1 : a > b ? 1 : 0;
  } else if (left.is_string() && right.is_string()) {
    order = left.as_string().compare(right.as_string());
  } else {
    return false;  // RFC 9535: ordering across types is false
  }
  if (op == "<") return order < 0;
  if (op == "<=") return order <= 0;
  if (op == ">") return order > 0;
  return order >= 0;
}

bool Passes(const Value& candidate, const Comparison& filter) {
  const Value* left = Under(candidate, filter.path);
  if (filter.op.empty()) return left != nullptr;
  if (!left) return false;
  return Compare(*left, filter.op, filter.literal);
}

void Apply(const JsonPath::Step& step, const PathMatch& from, std::vector<PathMatch>& out) {
  using Kind = JsonPath::Step::Kind;
  const Value& v = *from.value;
  switch (step.kind) {
    case Kind::kMember:
      if (const Value* m = v.find(step.name)) out.push_back({m, step.name});
      return;
    case Kind::kIndex:
      if (v.is_array()) {
        auto size = static_cast<std::int64_t>(v.as_array().size());
        std::int64_t i = step.index < 0 ? size + step.index : step.index;
        if (i >= 0 && i < size) out.push_back({&v.as_array()[static_cast<std::size_t>(i)], std::to_string(i)});
      }
      return;
    case Kind::kWildcard:
    case Kind::kFilter:
      if (v.is_array()) {
        for (std::size_t i = 0; i < v.as_array().size(); ++i) {
          const Value& item = v.as_array()[i];
          if (step.kind == Kind::kWildcard || Passes(item, step.filter)) out.push_back({&item, std::to_string(i)});
        }
      } else if (v.is_object()) {
        for (const auto& [key, item] : v.as_object()) {
          if (step.kind == Kind::kWildcard || Passes(item, step.filter)) out.push_back({&item, key});
        }
      }
      return;
  }
}

}  // namespace

Result<JsonPath> JsonPath::Parse(std::string_view text) {
  Result<std::vector<Step>> steps = PathParser(text).Run();
  if (!steps.ok()) return steps.status();
  JsonPath path;
  path.text_ = std::string(text);
  std::size_t start = text.find_first_not_of(' ');
  path.relative_ = start != std::string_view::npos && text[start] == '@';
  path.steps_ = std::make_shared<const std::vector<Step>>(std::move(*steps));
  return path;
}

std::vector<PathMatch> JsonPath::Select(const Value& root) const {
  std::vector<PathMatch> current{{&root, ""}};
  for (const Step& step : *steps_) {
    std::vector<PathMatch> next;
    for (const PathMatch& m : current) Apply(step, m, next);
    current = std::move(next);
    if (current.empty()) break;
  }
  return current;
}

const Value* JsonPath::SelectOne(const Value& root) const {
  // Member and index steps select at most one node: walked without building
  // match lists, since mapping calls this for every field of every record.
  const Value* at = &root;
  for (const Step& step : *steps_) {
    if (step.kind == Step::Kind::kMember) {
      at = at->find(step.name);
    } else if (step.kind == Step::Kind::kIndex && at->is_array()) {
      auto size = static_cast<std::int64_t>(at->as_array().size());
      std::int64_t i = step.index < 0 ? size + step.index : step.index;
      at = i >= 0 && i < size ? &at->as_array()[static_cast<std::size_t>(i)] : nullptr;
    } else if (step.kind == Step::Kind::kIndex) {
      return nullptr;
    } else {
      std::vector<PathMatch> all = Select(root);
      return all.empty() ? nullptr : all.front().value;
    }
    if (!at) return nullptr;
  }
  return at;
}

}  // namespace evt::scrape
