#include "common/man_page_source.h"

#include <algorithm>
#include <cctype>

#include "common/cli_docs.h"

namespace evt {
namespace {

bool IsBlankOrComment(std::string_view line) {
  return line.starts_with(".\\\"") || line.starts_with("'\\\"") || line.starts_with(".\\#") || line == "." ||
         line.find_first_not_of(" \t\r") == std::string_view::npos;
}

bool IsSectionHeading(std::string_view line) {
  return line == ".SH" || line.starts_with(".SH ") || line.starts_with(".SH\t");
}

std::string SectionTitle(std::string_view args) {
  std::string title;
  for (char c : args) {
    if (c == '"' || c == '\r') continue;
    if (c == ' ' || c == '\t') {
      if (!title.empty() && title.back() != ' ') title += ' ';
      continue;
    }
    title += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (!title.empty() && title.back() == ' ') title.pop_back();
  return title;
}

constexpr std::string_view kGenerated[] = {"NAME", "SYNOPSIS", "COMMANDS", "OPTIONS", "ENVIRONMENT"};
constexpr std::string_view kRequired[] = {"DESCRIPTION", "EXAMPLES", "EXIT STATUS"};

bool IsGenerated(std::string_view title) {
  return std::find(std::begin(kGenerated), std::end(kGenerated), title) != std::end(kGenerated);
}

Status CheckSection(const ManSource& source, std::size_t index, const std::string& file) {
  const ManSection& section = source.sections[index];
  const std::string at = file + ":" + std::to_string(section.line) + ": ";
  if (section.title.empty()) return Status::DataErr(at + ".SH without a title");
  if (IsGenerated(section.title)) {
    return Status::DataErr(at + ".SH " + section.title + " is generated from the parser; remove it");
  }
  for (std::size_t i = 0; i < index; ++i) {
    if (source.sections[i].title == section.title) {
      return Status::DataErr(at + "a second .SH " + section.title + " (the first is at line " +
                             std::to_string(source.sections[i].line) + ")");
    }
  }
  return Status::Ok();
}

}  // namespace

ManSource ParseManSource(std::string_view roff) {
  ManSource source;
  int number = 0;
  std::size_t start = 0;
  while (start < roff.size()) {
    const std::size_t end = std::min(roff.find('\n', start), roff.size());
    const std::string_view line = roff.substr(start, end - start);
    start = end + 1;
    ++number;
    if (IsSectionHeading(line)) {
      source.sections.push_back({SectionTitle(line.substr(3)), "", number});
    } else if (!source.sections.empty()) {
      source.sections.back().body.append(line).append("\n");
    } else if (!IsBlankOrComment(line) && source.first_stray_line == 0) {
      source.first_stray_line = number;
    }
  }
  return source;
}

const ManSection* FindManSection(const ManSource& source, std::string_view title) {
  for (const ManSection& section : source.sections) {
    if (section.title == title) return &section;
  }
  return nullptr;
}

Status CheckManPageSource(std::string_view roff, std::string_view where) {
  const std::string file(where);
  const ManSource source = ParseManSource(roff);
  if (source.first_stray_line != 0) {
    return Status::DataErr(file + ":" + std::to_string(source.first_stray_line) +
                           ": text before the first .SH; expected only comments there");
  }
  for (std::size_t i = 0; i < source.sections.size(); ++i) {
    EVT_RETURN_IF_ERROR(CheckSection(source, i, file));
  }
  for (std::string_view title : kRequired) {
    if (FindManSection(source, title) == nullptr) {
      return Status::DataErr(file + ": no .SH \"" + std::string(title) +
                             "\"; expected DESCRIPTION, EXAMPLES and \"EXIT STATUS\" sections");
    }
  }
  return Status::Ok();
}

}  // namespace evt
