#include "tools/scrape/scraper.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_set>

#include "common/json_parse.h"
#include "tools/scrape/nut.h"
#include "tools/scrape/redirect.h"
#include "tools/scrape/render.h"

namespace evt::scrape {
namespace {

Result<Value> ParseBody(const Source& source, const HttpResponse& response, int page) {
  std::string where = source.name + (page > 1 ? " page " + std::to_string(page) : "");
  if (source.kind == SourceKind::kHtml) return ExtractHtmlJson(response.body, source.html, where);
  return ParseJson(response.body, where);
}

// The next page's URL, or "" when this was the last.
Result<std::string> NextUrl(const Source& source, const std::string& first_url, const HttpResponse& response,
                            const Value& document, int page, std::string& cursor) {
  const Pagination& p = source.pagination;
  switch (p.kind) {
    case Pagination::Kind::kNone:
      return std::string();
    case Pagination::Kind::kLinkHeader:
      return NextLink(response.link);
    case Pagination::Kind::kPage: {
      // An empty selection ends the pages: the page held no records.
      if (source.mapping.records && source.mapping.records->Select(document).empty()) return std::string();
      return WithQueryParam(first_url, p.param, std::to_string(p.first_page + page));
    }
    case Pagination::Kind::kNextPath:
    case Pagination::Kind::kCursor: {
      const Value* next = p.path->SelectOne(document);
      if (!next || next->is_null() || (next->is_string() && next->as_string().empty())) return std::string();
      if (!next->is_string()) return Status::DataErr(source.name + ": " + p.path->text() + ": expected a string or null");
      if (p.kind == Pagination::Kind::kNextPath) return next->as_string();
      cursor = next->as_string();
      return WithQueryParam(first_url, p.param, cursor);
    }
  }
  return std::string();
}

Status ScrapeJson(const Source& source, const FetchEnv& env, ScrapeOutcome& out) {
  SourceFetcher fetcher(source, env);
  std::string url = source.url;
  std::string cursor;
  const Pagination& p = source.pagination;
  if (p.kind == Pagination::Kind::kCursor && p.resume && env.store) {
    Result<std::optional<std::string>> saved = env.store->LoadCursor(source.name);
    if (!saved.ok()) return saved.status();
    if (*saved) url = WithQueryParam(source.url, p.param, **saved);
  }
  MappingResult mapped;
  if (source.kind == SourceKind::kHtml && !env.renderer.empty()) {
    Result<std::string> dom = RenderPage(env.renderer, url, source.timeout, source.max_body);
    if (!dom.ok()) return dom.status().Prefixed(source.name);
    HttpResponse rendered;
    rendered.status = 200;
    rendered.body = std::move(*dom);
    Result<Value> document = ParseBody(source, rendered, 1);
    if (!document.ok()) return document.status();
    out.pages = 1;
    ApplyMapping(source.mapping, *document, mapped);
    url.clear();
  }
  while (!url.empty()) {
    Result<HttpResponse> response = fetcher.Fetch(url);
    if (!response.ok()) return response.status();
    ++out.pages;
    Result<Value> document = ParseBody(source, *response, out.pages);
    if (!document.ok()) return document.status();
    ApplyMapping(source.mapping, *document, mapped);
    Result<std::string> next = NextUrl(source, source.url, *response, *document, out.pages, cursor);
    if (!next.ok()) return next.status();
    if (!next->empty()) {
      Result<std::string> absolute = ResolveHttpUrl(url, *next);
      if (!absolute.ok()) return absolute.status().Prefixed(source.name + ": next page");
      *next = std::move(*absolute);
    }
    if (!next->empty() && out.pages >= p.max_pages) {
      out.problems.push_back("pagination: stopped at max_pages " + std::to_string(p.max_pages) + " with more pages left");
      break;
    }
    url = *next;
  }
  if (p.kind == Pagination::Kind::kCursor && p.resume && env.store && !cursor.empty()) {
    EVT_RETURN_IF_ERROR(env.store->SaveCursor(source.name, cursor, env.clock->Now()));
  }
  std::map<const MetricSpec*, std::shared_ptr<const FamilyMeta>> metas;
  for (MappedSample& s : mapped.samples) {
    std::shared_ptr<const FamilyMeta>& meta = metas[s.spec];
    if (!meta) meta = MakeMeta(s.spec->type, s.spec->unit, s.spec->help);
    out.samples.push_back({s.name(), std::move(s.labels), s.value, meta, s.timestamp_ms});
  }
  for (std::string& problem : mapped.problems) out.problems.push_back(std::move(problem));
  return Status::Ok();
}

// A plain local file's descriptor (file:///path, with nothing to decode
// in the path, nothing sent with the request, within max_body), or -1.
// Such a body is parsed where it lies: copying it to the body's temporary
// file first would write it and read it once more, a third of the system
// time of printing a large exposition's records. Anything else goes
// through the HTTP client, whose errors and limits name it as before.
int OpenLocalFile(const Source& source) {
  constexpr std::string_view kScheme = "file://";
  std::string_view url = source.url;
  if (!url.starts_with("file:///") || url.find_first_of("%?#") != std::string_view::npos || source.method != "GET" ||
      !source.headers.empty() || !source.body.empty() || source.auth.kind != Auth::Kind::kNone) {
    return -1;
  }
  int fd = open(std::string(url.substr(kScheme.size())).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::uint64_t>(st.st_size) > source.max_body) {
    close(fd);
    return -1;
  }
  return fd;
}

Status ScrapePrometheus(const Source& source, const FetchEnv& env, ScrapeOutcome& out) {
  Result<std::shared_ptr<SpooledExposition>> spool = SpooledExposition::Create(source);
  if (!spool.ok()) return spool.status();
  if (int fd = OpenLocalFile(source); fd >= 0) {
    out.pages = 1;
    // A file has no Content-Type: Prometheus text unless the source says otherwise.
    Status checked = (*spool)->CheckFile(fd, source.openmetrics.value_or(false) ? ExpositionFormat::kOpenMetrics
                                                                                   : ExpositionFormat::kPrometheus,
                                         out.problems);
    close(fd);
    EVT_RETURN_IF_ERROR(checked);
    out.spooled = std::move(*spool);
    return Status::Ok();
  }
  SourceFetcher fetcher(source, env);
  Result<HttpResponse> response = fetcher.Fetch(source.url, (*spool)->fd());
  if (!response.ok()) return response.status();
  out.pages = 1;
  if (!response->spooled) EVT_RETURN_IF_ERROR((*spool)->Append(response->body));
  bool openmetrics = source.openmetrics.value_or(response->content_type.starts_with("application/openmetrics-text"));
  ExpositionFormat format = openmetrics ? ExpositionFormat::kOpenMetrics : ExpositionFormat::kPrometheus;
  EVT_RETURN_IF_ERROR((*spool)->Check(format, out.problems));
  out.spooled = std::move(*spool);
  return Status::Ok();
}

Status ScrapeNut(const Source& source, ScrapeOutcome& out) {
  Result<NutVars> vars = FetchNutVars(source.nut_host, source.nut_port, source.ups, source.timeout);
  if (!vars.ok()) return vars.status().Prefixed(source.name);
  out.pages = 1;
  std::shared_ptr<const FamilyMeta> gauge = MakeMeta("gauge");
  for (NutMetric& m : NutMetrics(*vars, source.ups, &out.problems)) {
    out.samples.push_back({std::move(m.name), std::move(m.labels), m.value, gauge, {}});
  }
  return Status::Ok();
}

}  // namespace

std::shared_ptr<const FamilyMeta> MakeMeta(std::string type, std::string unit, std::string help, std::string family) {
  return std::make_shared<const FamilyMeta>(FamilyMeta{std::move(type), std::move(unit), std::move(help), std::move(family)});
}

std::size_t SampleCount(const ScrapeOutcome& outcome) {
  return outcome.spooled ? outcome.spooled->samples() : outcome.samples.size();
}

Status ForEachSample(const ScrapeOutcome& outcome, const std::function<Status(const OutSample&)>& each) {
  if (outcome.spooled) return outcome.spooled->ForEachSample(each);
  for (const OutSample& sample : outcome.samples) EVT_RETURN_IF_ERROR(each(sample));
  return Status::Ok();
}

bool GlobMatch(std::string_view pattern, std::string_view name) {
  std::size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == name;
  std::string_view head = pattern.substr(0, star);
  if (!name.starts_with(head)) return false;
  std::string_view rest = pattern.substr(star + 1);
  name.remove_prefix(head.size());
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (GlobMatch(rest, name.substr(i))) return true;
  }
  return false;
}

void DropRepeatedSeries(ScrapeOutcome& outcome) {
  std::unordered_set<std::string> seen;
  std::vector<OutSample> kept;
  kept.reserve(outcome.samples.size());
  for (OutSample& s : outcome.samples) {
    Labels sorted = s.labels;
    std::sort(sorted.begin(), sorted.end());
    std::string key = SeriesKey(s.name, sorted);
    if (!seen.insert(key).second) {
      outcome.problems.push_back("repeated series " + key + " (first kept)");
      continue;
    }
    kept.push_back(std::move(s));
  }
  outcome.samples = std::move(kept);
}

ScrapeOutcome ScrapeSource(const Source& source, const FetchEnv& env) {
  ScrapeOutcome out;
  out.source = source.name;
  auto start = env.clock->Monotonic();
  Status status = source.kind == SourceKind::kNut          ? ScrapeNut(source, out)
                  : source.kind == SourceKind::kPrometheus ? ScrapePrometheus(source, env, out)
                                                           : ScrapeJson(source, env, out);
  out.duration_ms = std::chrono::duration<double, std::milli>(env.clock->Monotonic() - start).count();
  out.up = status.ok();
  if (!status.ok()) {
    out.error = status.message();
    out.error_code = status.code();
    out.samples.clear();
    out.spooled.reset();
  }
  // The exposition parser drops repeated series itself, cheaper.
  if (source.kind != SourceKind::kPrometheus) DropRepeatedSeries(out);
  return out;
}

}  // namespace evt::scrape
