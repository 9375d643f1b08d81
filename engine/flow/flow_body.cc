#include "engine/flow/flow_body.h"

#include <map>

#include "common/json_writer.h"
#include "common/percent_encoding.h"
#include "common/quoted.h"

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

Result<Value> Rendered(const Value& v, const Lookup& lookup) {
  if (v.is_string()) return Value(Template::Parse(v.as_string()).Render(lookup));
  if (v.is_array()) {
    Array items;
    for (const Value& item : v.as_array()) {
      Result<Value> rendered = Rendered(item, lookup);
      if (!rendered.ok()) return rendered.status();
      items.push_back(std::move(*rendered));
    }
    return Value(std::move(items));
  }
  if (v.is_object()) {
    Object members;
    std::map<std::string, std::string> sources;  // rendered key -> the key as the file writes it
    for (const auto& [key, member] : v.as_object()) {
      std::string rendered_key = Template::Parse(key).Render(lookup);
      auto [first, fresh] = sources.emplace(rendered_key, key);
      if (!fresh)
        return Status::DataErr("the keys " + QuotedForMessage(first->second) + " and " + QuotedForMessage(key) +
                               " both render to " + QuotedForMessage(rendered_key));
      Result<Value> rendered = Rendered(member, lookup);
      if (!rendered.ok()) return rendered.status();
      members.emplace_back(std::move(rendered_key), std::move(*rendered));
    }
    return Value(std::move(members));
  }
  return v;
}

}  // namespace

FlowBody FlowBody::Text(Template text, bool form) {
  FlowBody b;
  b.text_ = std::move(text);
  b.form_ = form;
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

Result<std::string> FlowBody::Render(const Lookup& lookup, const std::function<bool(const std::string&)>& encoded) const {
  if (text_ && form_ && encoded)
    return text_->Render([&](const std::string& name) {
      return encoded(name) ? PercentEncoded(lookup(name)) : lookup(name);
    });
  if (text_) return text_->Render(lookup);
  Result<Value> rendered = Rendered(json_, lookup);
  if (!rendered.ok()) return rendered.status();
  return ToJson(*rendered);
}

}  // namespace evt::probe
