#include "tools/evt/serve_page.h"

#include "common/text_width.h"
#include "tools/evt/status_sections.h"
#include "tools/evt/status_time.h"

namespace evt::front {
namespace {

// Small on purpose: one column at any width, cells wrapping inside their
// card, long words (URLs, ids) broken rather than scrolled.
constexpr char kStyle[] =
    "*{box-sizing:border-box}"
    "body{margin:0 auto;max-width:60rem;padding:.5rem;font:15px/1.4 system-ui,sans-serif;"
    "color:#111;background:#fafafa;overflow-wrap:anywhere}"
    "h1{font-size:1.2rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1rem 0 .3rem}"
    "h2 small{font-weight:normal;color:#444}"
    ".card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.4rem .6rem;margin:.3rem 0}"
    ".card b{display:block}.cells{display:flex;flex-wrap:wrap;gap:.1rem 1rem}"
    ".k{color:#666}.ok{color:#0a6b1f}.warn{color:#8a5a00;font-weight:bold}.bad{color:#b00020;font-weight:bold}"
    ".dim{color:#777}.hold{background:#fff3c4;border:2px solid #c99a00;padding:.5rem;border-radius:6px}"
    ".stale{color:#b00020}";

const char* StyleClass(Style style) {
  switch (style) {
    case Style::kOk: return "ok";
    case Style::kWarn: return "warn";
    case Style::kBad: return "bad";
    case Style::kDim: return "dim";
    case Style::kHeader:
    case Style::kPlain: break;
  }
  return nullptr;
}

std::string Span(const Cell& cell) {
  const char* cls = StyleClass(cell.style);
  if (cls == nullptr) return EscapeHtml(cell.text);
  return std::string("<span class=") + cls + ">" + EscapeHtml(cell.text) + "</span>";
}

std::string Card(const Section& section, const std::vector<Cell>& row) {
  std::string out = "<div class=card><b>" + Span(row[0]) + "</b><div class=cells>";
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i].text.empty()) continue;
    out += "<span>";
    if (i < section.headers.size() && !section.headers[i].empty()) {
      out += "<span class=k>" + EscapeHtml(section.headers[i]) + "</span> ";
    }
    out += Span(row[i]) + "</span>";
  }
  return out + "</div></div>\n";
}

std::string SectionHtml(const Section& section) {
  std::string out = "<section><h2>" + EscapeHtml(section.title);
  if (!section.summary.empty()) out += " <small>" + EscapeHtml(section.summary) + "</small>";
  out += "</h2>\n";
  for (const std::vector<Cell>& row : section.rows) {
    if (!row.empty()) out += Card(section, row);
  }
  return out + "</section>\n";
}

std::string Heading(const SiteSnapshot& snapshot, const PageOptions& options, const RenderOptions& render) {
  std::string out = "<h1>" + EscapeHtml(options.site_name.empty() ? "evt status" : options.site_name + ": evt status") +
                    "</h1>\n<p class=dim>as of " + EscapeHtml(ClockText(snapshot.at, snapshot.at, render)) +
                    ", reloads every " + EscapeHtml(FormatDuration(options.refresh)) + "</p>\n";
  if (!options.gather_error.empty()) out += "<p class=stale>not refreshed: " + EscapeHtml(options.gather_error) + "</p>\n";
  if (snapshot.hold) {
    out += "<p class=hold><b>HOLD</b> until " + EscapeHtml(ClockText(snapshot.hold->until, snapshot.at, render)) +
           " by " + EscapeHtml(snapshot.hold->by) + ": " + EscapeHtml(snapshot.hold->reason) + "</p>\n";
  }
  return out;
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  const std::string clean = SanitizeForTerminal(text);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderSitePage(const SiteSnapshot& snapshot, const PageOptions& options) {
  RenderOptions render;
  render.zone = options.zone;
  render.width = 100;  // the sections' own cutting: the browser wraps instead
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.refresh).count();
  std::string out =
      "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n"
      "<meta name=viewport content=\"width=device-width,initial-scale=1\">\n"
      "<meta http-equiv=refresh content=\"" + std::to_string(seconds) + "\">\n"
      "<title>" + EscapeHtml(options.site_name.empty() ? "evt status" : options.site_name + ": evt status") +
      "</title>\n<style>" + kStyle + "</style></head><body>\n";
  out += Heading(snapshot, options, render);
  for (const Section& section : BuildSections(snapshot, render)) out += SectionHtml(section);
  return out + "</body></html>\n";
}

}  // namespace evt::front
