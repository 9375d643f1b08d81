#include "tools/failover/nginx_upstream.h"

#include <cctype>
#include <charconv>
#include <optional>

namespace evt::failover {
namespace {

struct Token {
  std::string text;
  int line = 0;
  bool quoted = false;
  bool Is(std::string_view s) const { return !quoted && text == s; }
};

bool IsPunct(char c) { return c == '{' || c == '}' || c == ';'; }

// nginx's lexical rules as far as this file needs them: words, quoted
// strings, the three punctuation marks, "#" comments to the end of a line.
Result<std::vector<Token>> Tokenize(std::string_view text, const std::string& where) {
  std::vector<Token> out;
  int line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (IsPunct(c)) {
      out.push_back({std::string(1, c), line, false});
      ++i;
    } else if (c == '"' || c == '\'') {
      const int start_line = line;
      std::string word;
      for (++i; i < text.size() && text[i] != c; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        if (text[i] == '\n') ++line;
        word += text[i];
      }
      if (i >= text.size()) return Status::DataErr(where + ":" + std::to_string(start_line) + ": unclosed quote");
      ++i;
      out.push_back({std::move(word), start_line, true});
    } else {
      std::string word;
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && !IsPunct(text[i]) &&
             text[i] != '#')
        word += text[i++];
      out.push_back({std::move(word), line, false});
    }
  }
  return out;
}

Status At(const std::string& where, int line, const std::string& what) {
  return Status::DataErr(where + ":" + std::to_string(line) + ": " + what);
}

// The statements of the block that opens at tokens[open] ("{"), each as
// its words; `end` is left at the closing "}". Nested blocks are refused:
// upstream and geo have none.
Result<std::vector<std::vector<Token>>> BlockStatements(const std::vector<Token>& tokens, std::size_t open,
                                                        std::size_t& end, const std::string& where) {
  std::vector<std::vector<Token>> statements;
  std::vector<Token> current;
  for (std::size_t i = open + 1; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.Is("}")) {
      if (!current.empty()) return At(where, current.front().line, "expected \";\" after \"" + current.front().text + "\"");
      end = i;
      return statements;
    }
    if (t.Is("{")) return At(where, t.line, "unexpected \"{\" inside the block");
    if (t.Is(";")) {
      if (!current.empty()) statements.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(t);
    }
  }
  return At(where, tokens[open].line, "the block opened here is not closed");
}

Result<int> ServerWeight(const Token& t, const std::string& where) {
  const std::string_view digits = std::string_view(t.text).substr(7);
  int weight = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), weight);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || weight < 1 || weight > 1000)
    return At(where, t.line, "expected weight=1 to weight=1000, got \"" + t.text + "\"");
  return weight;
}

Result<NginxServer> ReadServer(const std::vector<Token>& words, const std::string& where) {
  if (words.size() < 2) return At(where, words.front().line, "a server line without an address");
  NginxServer s;
  s.address = words[1].text;
  for (std::size_t i = 2; i < words.size(); ++i) {
    const Token& p = words[i];
    if (p.text.rfind("weight=", 0) == 0) {
      EVT_ASSIGN_OR_RETURN(s.weight, ServerWeight(p, where));
    } else if (p.Is("down")) {
      s.down = true;
    } else if (p.Is("backup")) {
      s.backup = true;
    }
  }
  return s;
}

bool StartsStatement(const std::vector<Token>& tokens, std::size_t i) {
  return i == 0 || tokens[i - 1].Is(";") || tokens[i - 1].Is("{") || tokens[i - 1].Is("}");
}

// The index of the "{" of `KEYWORD ARG {` at a statement's start, if any.
std::optional<std::size_t> FindBlock(const std::vector<Token>& tokens, std::string_view keyword, std::string_view arg) {
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i)
    if (StartsStatement(tokens, i) && tokens[i].Is(keyword) && tokens[i + 1].text == arg && tokens[i + 2].Is("{"))
      return i + 2;
  return std::nullopt;
}

Status ReadBind(const std::vector<Token>& tokens, NginxUpstream& out, const std::string& where) {
  std::optional<std::size_t> open = FindBlock(tokens, "geo", "$" + NginxBindVariable(out.name));
  if (!open) return Status::Ok();
  std::size_t end = 0;
  EVT_ASSIGN_OR_RETURN(const auto statements, BlockStatements(tokens, *open, end, where));
  for (const auto& words : statements)
    if (words.size() == 2 && words[0].Is("default")) out.bind = words[1].text;
  if (out.bind.empty()) return At(where, tokens[*open].line, "geo $" + NginxBindVariable(out.name) + " has no default");
  return Status::Ok();
}

}  // namespace

std::string NginxBindVariable(std::string_view upstream) {
  std::string name = "evt_bind_";
  for (char c : upstream) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

std::string RenderUpstream(const NginxUpstream& upstream) {
  std::string out = "upstream " + upstream.name + " {\n";
  for (const NginxServer& s : upstream.servers) {
    out += "    server " + s.address + " weight=" + std::to_string(s.weight);
    if (s.down) out += " down";
    if (s.backup) out += " backup";
    out += ";\n";
  }
  out += "}\n";
  if (!upstream.bind.empty())
    out += "geo $" + NginxBindVariable(upstream.name) + " { default " + upstream.bind + "; }\n";
  return out;
}

Result<NginxUpstream> ParseUpstream(std::string_view text, const std::string& name, const std::string& where) {
  EVT_ASSIGN_OR_RETURN(const std::vector<Token> tokens, Tokenize(text, where));
  std::optional<std::size_t> open = FindBlock(tokens, "upstream", name);
  if (!open) return Status::DataErr(where + ": no \"upstream " + name + " { ... }\" block");
  std::size_t end = 0;
  EVT_ASSIGN_OR_RETURN(const auto statements, BlockStatements(tokens, *open, end, where));
  NginxUpstream out;
  out.name = name;
  for (const auto& words : statements) {
    const std::string& directive = words.front().text;
    if (directive == "least_conn" || directive == "ip_hash" || directive == "hash" || directive == "random")
      out.balance = directive;
    if (!words.front().Is("server")) continue;
    EVT_ASSIGN_OR_RETURN(NginxServer server, ReadServer(words, where));
    out.servers.push_back(std::move(server));
  }
  EVT_RETURN_IF_ERROR(ReadBind(tokens, out, where));
  return out;
}

}  // namespace evt::failover
