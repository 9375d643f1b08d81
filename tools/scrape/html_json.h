// JSON islands in HTML pages: the text of a <script> element picked by id
// or type (Next.js' __NEXT_DATA__, application/ld+json), or the value a
// script assigns to a global (window.__INITIAL_STATE__ = {...};) when it
// is JSON or a JSON.parse("...") string literal. The page is tokenized by
// gumbo (an HTML5 parser), not searched with a regex, so comments, CDATA
// and attributes in any order or quoting do what a browser would do.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"

namespace evt::scrape {

struct HtmlJsonSpec {
  std::string script_id;    // <script id="...">
  std::string script_type;  // <script type="...">: the first such element
  std::string global;       // window.NAME = ... or NAME = ... in a script
};

// DataErr naming `source` and what was looked for when no element matches
// or its content is not JSON.
Result<Value> ExtractHtmlJson(std::string_view html, const HtmlJsonSpec& spec, std::string_view source);

// The JSON text a JavaScript string literal ('...' or "...") at the start of
// `text` spells, decoding \n, \t, \r, \b, \f, \v, \0, \xHH, \uHHHH, \u{H...}
// and line continuations; nullopt when it is not a complete literal.
Result<std::string> DecodeJsString(std::string_view text);

}  // namespace evt::scrape
