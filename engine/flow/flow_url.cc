#include "engine/flow/flow_url.h"

#include "common/percent_encoding.h"
#include "common/quoted.h"
#include "engine/probe/url_origin.h"

namespace evt::probe {
namespace {

enum class UrlPart { kBeforePath, kPath, kQuery, kFragment };

UrlPart PartAt(std::string_view before) {
  std::size_t scheme = before.find("://");
  std::size_t path = before.find_first_of("/?#", scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) return UrlPart::kBeforePath;
  if (before.find('#', path) != std::string_view::npos) return UrlPart::kFragment;
  if (before.find('?', path) != std::string_view::npos) return UrlPart::kQuery;
  return UrlPart::kPath;
}

// Kept literally beside the unreserved characters: a path segment may hold
// sub-delimiters, ":" and "@" but not "/", or a value could climb out of
// its segment; a query value may not hold "&", "=" or "+", or it could add
// parameters.
std::string_view AlsoLiteral(UrlPart part) { return part == UrlPart::kPath ? "!$&'()*+,;=:@" : "!$'()*,;:@/?"; }

}  // namespace

std::string EncodedForUrl(std::string_view value, std::string_view before) {
  UrlPart part = PartAt(before);
  if (part == UrlPart::kBeforePath) return std::string(value);
  // "." and ".." are dot segments a client resolves: encoded, they stay a value.
  if (part == UrlPart::kPath && (value == "." || value == "..")) return value == "." ? "%2E" : "%2E%2E";
  return PercentEncoded(value, AlsoLiteral(part));
}

RenderedUrl RenderFlowUrl(const Template& url, const UrlLookup& lookup) {
  RenderedUrl r;
  url.Visit([&](bool reference, const std::string& text) {
    if (!reference) {
      r.url += text;
      return;
    }
    UrlValue v = lookup(text);
    if (!v.captured) {
      r.url += v.text;
      return;
    }
    if (!r.first_capture) {
      r.first_capture = text;
      r.fixed_prefix = r.url;
    }
    r.url += v.as_is ? v.text : EncodedForUrl(v.text, r.url);
  });
  return r;
}

std::string CheckCapturedOrigin(const RenderedUrl& url, bool sends_secrets,
                                const std::set<std::string>& named_origins) {
  if (!url.first_capture) return "";
  std::string capture = "the captured {" + *url.first_capture + "}";
  std::optional<std::string> origin = UrlOrigin(url.url);
  if (!origin) return "url: with " + capture + ", " + QuotedForMessage(url.url) + " is not a URL with a host";
  if (std::optional<std::string> fixed = UrlOrigin(url.fixed_prefix)) {
    if (*fixed == *origin) return "";
    return "url: " + capture + " moves the request from " + *fixed + " to " + *origin +
           "; a captured value cannot change the scheme, host or port the flow file gives";
  }
  if (!sends_secrets || named_origins.contains(*origin)) return "";
  return "url: " + capture + " would send this step's secrets to " + *origin +
         ", an origin no URL of the flow file names";
}

}  // namespace evt::probe
