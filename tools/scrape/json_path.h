// The JSONPath subset the mapping selects with, read as RFC 9535 reads it
// where they overlap: $ (the root) or @ (the current record), .key and ['key'] / ["key"] (a member),
// .* and [*] (every member or element), [n] (an element; negative counts
// from the end), and filters [?(@.a.b == 'x')] or [?@.a == 'x'] comparing
// a relative path with ==, !=, <, <=, >, >= to a string, number, true,
// false or null, or [?(@.a)] testing that a member exists.
// Not supported (refused when parsed): .., slices, unions, functions, &&, ||.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace evt::scrape {

struct PathMatch {
  const Value* value;
  // The member name or array index (as decimal text) that the last step
  // went through; "" when the path is just "$". What a label "from key" is.
  std::string key;
};

class JsonPath {
 public:
  // Config errors name `text` and the position in it:
  //   "$.a[?(@.b ~ 1)]": at 9: expected ==, !=, <, <=, > or >=
  static Result<JsonPath> Parse(std::string_view text);

  // Every node the path selects, in document order. Pointers into `root`.
  std::vector<PathMatch> Select(const Value& root) const;
  // The single node, or nullptr when there is none; a path that selects
  // more than one node gives the first.
  const Value* SelectOne(const Value& root) const;

  const std::string& text() const { return text_; }
  // True for a path written from @ (the current record), false from $
  // (the root of the document), as RFC 9535 reads them.
  bool relative() const { return relative_; }
  // The node `root` or `current` leads to, by relative().
  const Value* SelectOneFrom(const Value& root, const Value& current) const {
    return SelectOne(relative_ ? current : root);
  }

  struct Step;

 private:
  std::string text_;
  bool relative_ = false;
  std::shared_ptr<const std::vector<Step>> steps_;
};

}  // namespace evt::scrape
