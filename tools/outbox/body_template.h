// The body an http destination sends: the record turned into the shop's
// JSON by a small template file. `{{field.path}}` is filled from the record
// (dots go into objects, a number picks an array element, `{{.}}` is the
// whole record): outside quotes as a JSON value (numbers stay numbers,
// strings get their quotes, objects and arrays as compact JSON); inside a
// JSON string as that string's escaped content. With no template the record
// is sent as it is.
//
// Strict both ways: a template that is not JSON once filled, or a
// placeholder that is not closed, is refused when it is loaded; a
// placeholder naming a field the record does not have is an error naming
// the template's file and line, never an empty value sent to the shop.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace evt::outbox {

class BodyTemplate {
 public:
  // Reads and checks the file; errors are Config (78) naming file:line.
  static Result<BodyTemplate> Load(const std::string& path);
  // The same for text already read; `name` is what messages call it.
  static Result<BodyTemplate> Parse(std::string_view text, std::string name);

  // The body for `record`. A missing field, or a value a string cannot
  // hold (null, inside quotes), is DataErr: "shop-order.json:4: {{customer.ref}}:
  // the record has no field customer.ref".
  Result<std::string> Render(const Value& record) const;

  const std::string& name() const { return name_; }

 private:
  struct Piece {
    std::string text;           // literal text, or the placeholder's path
    bool placeholder = false;
    bool in_string = false;     // inside a JSON string of the template
    int line = 0;
  };

  BodyTemplate() = default;
  Status RenderPlaceholder(const Piece& piece, const Value& record, std::string& out) const;

  std::string name_;
  std::vector<Piece> pieces_;
};

}  // namespace evt::outbox
