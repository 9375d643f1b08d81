// A flow step's request body. A string is sent as it is, its {name}
// references replaced by their text raw, except in a form body (a
// Content-Type of application/x-www-form-urlencoded), where a captured
// value is percent-encoded so that "&" or "=" from a server cannot add a
// field. An object or array is JSON: each of its strings (keys too) is a
// template rendered into the value tree, and the tree is written
// afterwards, so a value a server sent stays one JSON string however many
// quotes it holds; two keys of one object that render the same are an
// error, not a body whose reader picks one.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "engine/flow/flow_template.h"

namespace evt::probe {

class FlowBody {
 public:
  static FlowBody Text(Template text, bool form = false);
  // REQUIRES: json is an object or an array.
  static FlowBody Json(Value json);

  bool is_json() const { return !text_; }
  // The names referenced, in order of appearance (repeats kept).
  std::vector<std::string> References() const;

  // The bytes to send. DataErr when a rendered JSON string is not valid
  // UTF-8 (JSON cannot carry it) or two keys of an object render the same.
  // `encoded(name)` says whether the value of a reference in a form body
  // is percent-encoded (a capture's). REQUIRES: lookup knows every name.
  Result<std::string> Render(const std::function<std::string(const std::string&)>& lookup,
                             const std::function<bool(const std::string&)>& encoded = {}) const;

 private:
  std::optional<Template> text_;
  bool form_ = false;
  Value json_;
};

}  // namespace evt::probe
