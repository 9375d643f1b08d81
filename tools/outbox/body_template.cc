#include "tools/outbox/body_template.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/quoted.h"

namespace evt::outbox {
namespace {

bool IsPathChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

bool IsValidPath(std::string_view path) {
  if (path == ".") return true;
  if (path.empty() || path.front() == '.' || path.back() == '.') return false;
  if (path.find("..") != std::string_view::npos) return false;
  for (char c : path) {
    if (!IsPathChar(c)) return false;
  }
  return true;
}

const Value* Lookup(const Value& record, std::string_view path) {
  if (path == ".") return &record;
  const Value* at = &record;
  while (at != nullptr) {
    std::size_t dot = path.find('.');
    std::string_view step = path.substr(0, dot);
    if (at->is_object()) {
      at = at->find(step);
    } else if (at->is_array()) {
      std::size_t index = 0;
      auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
      if (ec != std::errc() || end != step.data() + step.size() || index >= at->as_array().size()) return nullptr;
      at = &at->as_array()[index];
    } else {
      return nullptr;
    }
    if (dot == std::string_view::npos) return at;
    path.remove_prefix(dot + 1);
  }
  return nullptr;
}

// What stands in for each placeholder when the template is checked: the
// filled template must be JSON whatever the record holds.
std::string Filler(bool in_string) { return in_string ? "" : "0"; }

// A template is a few lines; a big file named by mistake (a log, a
// database) is refused rather than read whole.
constexpr std::streamsize kMaxTemplateBytes = 1 << 20;

Result<std::string> ReadTemplateFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Config(path + ": cannot read the body template: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (text.tellp() > kMaxTemplateBytes) return Status::Config(path + ": a body template is at most 1 MiB");
  return text.str();
}

}  // namespace

Result<BodyTemplate> BodyTemplate::Load(const std::string& path) {
  auto text = ReadTemplateFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

Result<BodyTemplate> BodyTemplate::Parse(std::string_view text, std::string name) {
  BodyTemplate t;
  t.name_ = std::move(name);
  int line = 1;
  bool in_string = false;
  bool escaped = false;
  std::string literal;
  std::string filled;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "{{") == 0) {
      std::size_t close = text.find("}}", i + 2);
      std::size_t newline = text.find('\n', i + 2);
      if (close == std::string_view::npos || newline < close) {
        return Status::Config(t.name_ + ":" + std::to_string(line) + ": \"{{\" is not closed by \"}}\" on its line");
      }
      std::string path(text.substr(i + 2, close - i - 2));
      while (!path.empty() && path.front() == ' ') path.erase(0, 1);
      while (!path.empty() && path.back() == ' ') path.pop_back();
      if (!IsValidPath(path)) {
        return Status::Config(t.name_ + ":" + std::to_string(line) + ": " + QuotedForMessage(path) +
                              ": expected a field path such as order.total or lines.0.sku, or \".\" for the whole record");
      }
      if (!literal.empty()) t.pieces_.push_back({std::move(literal), false, false, line});
      literal.clear();
      t.pieces_.push_back({path, true, in_string, line});
      filled += Filler(in_string);
      i = close + 2;
      continue;
    }
    char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    }
    if (c == '\n') ++line;
    literal += c;
    filled += c;
    ++i;
  }
  if (!literal.empty()) t.pieces_.push_back({std::move(literal), false, false, line});
  auto parsed = ParseJson(filled, t.name_);
  if (!parsed.ok()) {
    return Status::Config(parsed.status().message() + " (with each placeholder filled)");
  }
  return t;
}

Status BodyTemplate::RenderPlaceholder(const Piece& piece, const Value& record, std::string& out) const {
  std::string where = name_ + ":" + std::to_string(piece.line) + ": {{" + piece.text + "}}: ";
  const Value* value = Lookup(record, piece.text);
  if (value == nullptr) return Status::DataErr(where + "the record has no field " + piece.text);
  if (!piece.in_string) return AppendJson(out, *value);
  if (value->is_string()) {
    std::string quoted;
    EVT_RETURN_IF_ERROR(AppendJsonString(quoted, value->as_string()));
    out.append(quoted, 1, quoted.size() - 2);
    return Status::Ok();
  }
  if (value->is_null()) return Status::DataErr(where + "is null, which a string cannot hold; write the placeholder outside quotes");
  std::string json;
  EVT_RETURN_IF_ERROR(AppendJson(json, *value));
  if (value->is_number() || value->is_bool()) {
    out += json;
    return Status::Ok();
  }
  std::string quoted;
  EVT_RETURN_IF_ERROR(AppendJsonString(quoted, json));
  out.append(quoted, 1, quoted.size() - 2);
  return Status::Ok();
}

Result<std::string> BodyTemplate::Render(const Value& record) const {
  std::string out;
  for (const Piece& piece : pieces_) {
    if (piece.placeholder) {
      EVT_RETURN_IF_ERROR(RenderPlaceholder(piece, record, out));
    } else {
      out += piece.text;
    }
  }
  return out;
}

}  // namespace evt::outbox
