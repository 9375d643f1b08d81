#include "tools/probe/flow_body.h"

#include "common/json_writer.h"

namespace evt::probe {
namespace {

using Lookup = std::function<std::string(const std::string&)>;

void CollectReferences(const Value& v, std::vector<std::string>& names) {
  auto add = [&names](const std::string& text) {
    for (std::string& name : Template::Parse(text).References()) names.push_back(std::move(name));
  };
  if (v.is_string()) {
    add(v.as_string());
  } else if (v.is_array()) {
    for (const Value& item : v.as_array()) CollectReferences(item, names);
  } else if (v.is_object()) {
    for (const auto& [key, member] : v.as_object()) {
      add(key);
      CollectReferences(member, names);
    }
  }
}

Value Rendered(const Value& v, const Lookup& lookup) {
  if (v.is_string()) return Value(Template::Parse(v.as_string()).Render(lookup));
  if (v.is_array()) {
    Array items;
    for (const Value& item : v.as_array()) items.push_back(Rendered(item, lookup));
    return Value(std::move(items));
  }
  if (v.is_object()) {
    Object members;
    for (const auto& [key, member] : v.as_object())
      members.emplace_back(Template::Parse(key).Render(lookup), Rendered(member, lookup));
    return Value(std::move(members));
  }
  return v;
}

}  // namespace

FlowBody FlowBody::Text(Template text) {
  FlowBody b;
  b.text_ = std::move(text);
  return b;
}

FlowBody FlowBody::Json(Value json) {
  FlowBody b;
  b.json_ = std::move(json);
  return b;
}

std::vector<std::string> FlowBody::References() const {
  if (text_) return text_->References();
  std::vector<std::string> names;
  CollectReferences(json_, names);
  return names;
}

Result<std::string> FlowBody::Render(const Lookup& lookup) const {
  if (text_) return text_->Render(lookup);
  return ToJson(Rendered(json_, lookup));
}

}  // namespace evt::probe
