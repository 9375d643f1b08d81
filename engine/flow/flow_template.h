// Text with {name} references to flow variables, secrets and captures:
// "{base}/cart/{cart_id}". A reference is "{" + a name of letters, digits,
// "_" or "-" (starting with a letter or "_") + "}"; "{{" is a literal "{";
// any other "{" is literal too, so JSON bodies need no escaping.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evt::probe {

class Template {
 public:
  Template() = default;
  static Template Parse(std::string_view text);

  // The names referenced, in order of appearance (repeats kept).
  std::vector<std::string> References() const;
  const std::string& source() const { return source_; }

  // The text with each reference replaced by lookup(name). REQUIRES: lookup
  // knows every referenced name (checked when the flow was read).
  std::string Render(const std::function<std::string(const std::string&)>& lookup) const;

  // Calls visit(reference, text) for each part in order: literal text, or
  // the name a reference names. For renderings that treat a value by where
  // it lands (a URL's parts).
  void Visit(const std::function<void(bool reference, const std::string& text)>& visit) const;

 private:
  struct Part {
    bool reference = false;
    std::string text;  // literal text, or the name referenced
  };
  std::string source_;
  std::vector<Part> parts_;
};

}  // namespace evt::probe
