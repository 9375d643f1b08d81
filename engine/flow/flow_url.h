// A flow step's URL, rendered so that what a server said cannot redirect
// the request: a captured value is percent-encoded for the part of the URL
// it lands in (a path segment, a query or fragment value), and a captured
// value that lands before the path (it begins the URL, or ends its host as
// "{base}{order}" with a Location does) is put in as it is but may not
// change the origin the text before it names. The flow's own variables and
// secrets are the author's text and go in as they are.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "engine/flow/flow_template.h"
#include "engine/probe/url_origin.h"

namespace evt::probe {

// What a reference in a URL stands for.
struct UrlValue {
  std::string text;
  bool captured = false;  // from a response: encoded, and may not move the request
  bool as_is = false;     // the capture says "url_encode": false
};
using UrlLookup = std::function<UrlValue(const std::string& name)>;

struct RenderedUrl {
  std::string url;
  // Set when a captured value is in the URL: its name, and the rendered
  // text before it (what the flow file fixed).
  std::optional<std::string> first_capture;
  std::string fixed_prefix;
};

RenderedUrl RenderFlowUrl(const Template& url, const UrlLookup& lookup);

// "" when the request may go: no captured value, or the origin the fixed
// text names is the URL's, or (when the fixed text names none) the step
// sends no secret or sends it to one of `named_origins` (the origins the
// flow file's own URLs name). Else the error, naming the capture and both
// origins.
std::string CheckCapturedOrigin(const RenderedUrl& url, bool sends_secrets,
                                const std::set<std::string>& named_origins);

// `value` percent-encoded for a URL whose text so far is `before`: all but
// RFC 3986's unreserved characters and what the part allows literally
// ("/" is encoded in a path, "&", "=", "+" and "#" in a query).
std::string EncodedForUrl(std::string_view value, std::string_view before);

}  // namespace evt::probe
