#include "tools/scrape/html_json.h"

#include <gumbo.h>

#include <memory>
#include <vector>

#include "common/json_parse.h"
#include "common/utf8.h"

namespace evt::scrape {
namespace {

struct GumboDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

std::string Attribute(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : "";
}

std::string ScriptText(const GumboElement& e) {
  std::string text;
  for (unsigned i = 0; i < e.children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(e.children.data[i]);
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA || child->type == GUMBO_NODE_WHITESPACE) {
      text += child->v.text.text;
    }
  }
  return text;
}

void CollectScripts(const GumboNode* node, std::vector<const GumboElement*>& out) {
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
  const GumboVector& children = node->type == GUMBO_NODE_ELEMENT ? node->v.element.children : node->v.document.children;
  if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == GUMBO_TAG_SCRIPT) out.push_back(&node->v.element);
  for (unsigned i = 0; i < children.length; ++i) CollectScripts(static_cast<const GumboNode*>(children.data[i]), out);
}

std::string_view TrimBlank(std::string_view s) {
  while (!s.empty() && std::string_view(" \t\r\n").find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  while (!s.empty() && std::string_view(" \t\r\n;").find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

// The extent of the JSON object or array at the start of `text`: brackets
// counted outside strings.
std::string_view BalancedValue(std::string_view text) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    else if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') {
      if (--depth == 0) return text.substr(0, i + 1);
    }
  }
  return {};
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

// The text after "NAME =" (not "==") in `script`, or npos.
std::size_t AssignmentOf(std::string_view script, std::string_view name) {
  std::size_t at = 0;
  while ((at = script.find(name, at)) != std::string_view::npos) {
    std::size_t end = at + name.size();
    bool starts_word = at == 0 || !IsIdentChar(script[at - 1]) || script[at - 1] == '.';
    if (at > 0 && script[at - 1] == '.') starts_word = true;
    std::size_t eq = end;
    while (eq < script.size() && (script[eq] == ' ' || script[eq] == '\t' || script[eq] == '\n')) ++eq;
    if (starts_word && (end >= script.size() || !IsIdentChar(script[end])) && eq < script.size() && script[eq] == '=' &&
        (eq + 1 >= script.size() || script[eq + 1] != '=')) {
      return eq + 1;
    }
    at = end;
  }
  return std::string_view::npos;
}

Result<Value> ParseGlobal(std::string_view script, std::size_t value_at, const HtmlJsonSpec& spec, std::string_view source) {
  std::string what = std::string(source) + ": the value assigned to " + spec.global;
  std::string_view rest = TrimBlank(script.substr(value_at));
  if (rest.starts_with("JSON.parse(")) {
    rest.remove_prefix(11);
    rest = TrimBlank(rest);
    Result<std::string> decoded = DecodeJsString(rest);
    if (!decoded.ok()) return Status::DataErr(what + ": JSON.parse(...): " + decoded.status().message());
    return ParseJson(*decoded, what);
  }
  std::string_view json = BalancedValue(rest);
  if (json.empty()) return Status::DataErr(what + ": expected a JSON object or array or JSON.parse(\"...\")");
  Result<Value> parsed = ParseJson(json, what);
  if (!parsed.ok()) {
    return Status::DataErr(parsed.status().message() +
                           " (a JavaScript literal that is not JSON, with unquoted keys or single quotes, is not read)");
  }
  return parsed;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads `count` hex digits at text[i]; -1 when they are not there.
long Hex(std::string_view text, std::size_t i, std::size_t count) {
  if (i + count > text.size()) return -1;
  long v = 0;
  for (std::size_t k = 0; k < count; ++k) {
    int d = HexDigit(text[i + k]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

}  // namespace

Result<std::string> DecodeJsString(std::string_view text) {
  if (text.empty() || (text.front() != '"' && text.front() != '\'')) return Status::DataErr("expected a string literal");
  char quote = text.front();
  std::string out;
  for (std::size_t i = 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == quote) return out;
    if (c == '\n') return Status::DataErr("a newline inside the string literal");
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i >= text.size()) break;
    char e = text[i];
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'v': out.push_back('\v'); break;
      case '0': out.push_back('\0'); break;
      case '\n': break;  // a line continuation
      case 'x': {
        long v = Hex(text, i + 1, 2);
        if (v < 0) return Status::DataErr("a \\x escape needs two hex digits");
        AppendUtf8(static_cast<char32_t>(v), &out);
        i += 2;
        break;
      }
      case 'u': {
        long v = -1;
        if (i + 1 < text.size() && text[i + 1] == '{') {
          std::size_t close = text.find('}', i + 2);
          if (close != std::string_view::npos && close - (i + 2) <= 6) v = Hex(text, i + 2, close - (i + 2));
          if (v < 0 || v > 0x10FFFF) return Status::DataErr("a bad \\u{...} escape");
          i = close;
        } else {
          v = Hex(text, i + 1, 4);
          if (v < 0) return Status::DataErr("a \\u escape needs four hex digits");
          i += 4;
          if (v >= 0xD800 && v <= 0xDBFF && i + 6 < text.size() + 0 && text[i + 1] == '\\' && text[i + 2] == 'u') {
            long low = Hex(text, i + 3, 4);
            if (low >= 0xDC00 && low <= 0xDFFF) {
              v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            }
          }
        }
        AppendUtf8(static_cast<char32_t>(v), &out);
        break;
      }
      default: out.push_back(e);
    }
  }
  return Status::DataErr("the string literal is not closed");
}

Result<Value> ExtractHtmlJson(std::string_view html, const HtmlJsonSpec& spec, std::string_view source) {
  std::unique_ptr<GumboOutput, GumboDeleter> doc(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  std::vector<const GumboElement*> scripts;
  CollectScripts(doc->document, scripts);
  for (const GumboElement* script : scripts) {
    if (!spec.script_id.empty() && Attribute(*script, "id") == spec.script_id) {
      return ParseJson(TrimBlank(ScriptText(*script)), std::string(source) + ": <script id=\"" + spec.script_id + "\">");
    }
    if (!spec.script_type.empty() && Attribute(*script, "type") == spec.script_type) {
      return ParseJson(TrimBlank(ScriptText(*script)), std::string(source) + ": <script type=\"" + spec.script_type + "\">");
    }
    if (!spec.global.empty()) {
      std::string text = ScriptText(*script);
      std::size_t at = AssignmentOf(text, spec.global);
      if (at != std::string::npos) return ParseGlobal(text, at, spec, source);
    }
  }
  std::string wanted = !spec.script_id.empty()     ? "<script id=\"" + spec.script_id + "\">"
                       : !spec.script_type.empty() ? "<script type=\"" + spec.script_type + "\">"
                                                   : "a script assigning " + spec.global;
  return Status::DataErr(std::string(source) + ": the page has no " + wanted + " (" + std::to_string(scripts.size()) +
                         " script elements looked at)");
}

}  // namespace evt::scrape
