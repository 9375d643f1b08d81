#include "common/config_object.h"

#include <algorithm>
#include <type_traits>

#include "common/config_value.h"
#include "common/json_writer.h"

namespace evt {
namespace {

// A conversion's result with its error in the object's exit code.
template <class R>
R Voiced(const ConfigObject& obj, R result) {
  if (result.ok()) return result;
  return obj.Recoded(result.status());
}

// The three forms every getter comes in, over one conversion.
template <class Convert>
auto Required(const ConfigObject& obj, std::string_view key, Convert convert)
    -> std::invoke_result_t<Convert, const Value&, const std::string&> {
  const Value* v = obj.Raw(key);
  if (v == nullptr) return obj.Error("missing required key \"" + std::string(key) + "\"");
  return Voiced(obj, convert(*v, obj.Where(key)));
}

template <class T, class Convert>
Result<T> WithFallback(const ConfigObject& obj, std::string_view key, T fallback, Convert convert) {
  const Value* v = obj.Raw(key);
  if (v == nullptr) return fallback;
  return Voiced(obj, convert(*v, obj.Where(key)));
}

template <class T, class Convert>
Result<std::optional<T>> Optional(const ConfigObject& obj, std::string_view key, Convert convert) {
  const Value* v = obj.Raw(key);
  if (v == nullptr) return std::optional<T>();
  EVT_ASSIGN_OR_RETURN(T value, Voiced(obj, convert(*v, obj.Where(key))));
  return std::optional<T>(std::move(value));
}

}  // namespace

struct ConfigObject::Node {
  std::shared_ptr<const Value> value;  // an object; aliases the document it is part of
  std::string pointer;
  std::vector<bool> member_asked;  // by member index: the keys Finish() does not report
  std::vector<std::string> asked;  // every key asked, present or not, for "known: ..." (kListKnown)
  std::vector<std::shared_ptr<Node>> children;
};

std::string EscapeJsonPointerToken(std::string_view key) { return JsonPointerToken(key).substr(1); }

ConfigObject::ConfigObject(std::shared_ptr<Node> node, std::shared_ptr<const ConfigOrigin> origin)
    : node_(std::move(node)), origin_(std::move(origin)) {}

Result<ConfigObject> ConfigObject::FromValue(Value object, std::string pointer, ConfigOrigin origin) {
  return Root(std::make_shared<const Value>(std::move(object)), std::move(pointer), std::move(origin));
}

Result<ConfigObject> ConfigObject::Borrowing(const Value& object, std::string pointer, ConfigOrigin origin) {
  // An alias of no owner: the caller keeps `object` alive.
  return Root(std::shared_ptr<const Value>(std::shared_ptr<const Value>(), &object), std::move(pointer),
              std::move(origin));
}

Result<ConfigObject> ConfigObject::Root(std::shared_ptr<const Value> object, std::string pointer, ConfigOrigin origin) {
  // The root and its origin in one allocation: price reads thousands of small objects.
  struct Block {
    Node node;
    ConfigOrigin origin;
  };
  auto block = std::make_shared<Block>(Block{Node{std::move(object), std::move(pointer), {}, {}, {}}, std::move(origin)});
  ConfigObject result(std::shared_ptr<Node>(block, &block->node),
                      std::shared_ptr<const ConfigOrigin>(block, &block->origin));
  const Value& v = *block->node.value;
  if (!v.is_object()) return result.Error("expected an object, got " + DescribeConfigValue(v));
  block->node.member_asked.assign(v.as_object().size(), false);
  return result;
}

const std::string& ConfigObject::pointer() const { return node_->pointer; }
const ConfigOrigin& ConfigObject::origin() const { return *origin_; }

std::string ConfigObject::At(const std::string& pointer) const {
  if (origin_->file.empty()) return pointer;
  return pointer.empty() ? origin_->file : origin_->file + ": " + pointer;
}

std::string ConfigObject::Where() const { return At(node_->pointer); }

std::string ConfigObject::Where(std::string_view key) const {
  return At(node_->pointer + "/" + EscapeJsonPointerToken(key));
}

std::vector<std::string> ConfigObject::Keys() const {
  std::vector<std::string> keys;
  for (const Member& m : node_->value->as_object()) keys.push_back(m.first);
  return keys;
}

bool ConfigObject::Has(std::string_view key) const { return node_->value->find(key) != nullptr; }

const Value* ConfigObject::Raw(std::string_view key) const {
  if (origin_->unknown_keys == UnknownKeys::kListKnown) {
    std::vector<std::string>& asked = node_->asked;
    if (std::find(asked.begin(), asked.end(), key) == asked.end()) asked.emplace_back(key);
  }
  const evt::Object& members = node_->value->as_object();
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].first == key) {
      node_->member_asked[i] = true;
      return &members[i].second;
    }
  }
  return nullptr;
}

Status ConfigObject::Error(std::string_view what) const {
  std::string where = Where();
  return Status::WithCode(origin_->code, where.empty() ? std::string(what) : where + ": " + std::string(what));
}

Status ConfigObject::Error(std::string_view key, std::string_view what) const {
  return Status::WithCode(origin_->code, Where(key) + ": " + std::string(what));
}

Status ConfigObject::Recoded(Status status) const {
  if (status.code() != ExitCode::kConfig || origin_->code == ExitCode::kConfig) return status;
  return Status::WithCode(origin_->code, status.message());
}

ConfigObject ConfigObject::Child(std::string pointer, const Value& object) const {
  for (const std::shared_ptr<Node>& child : node_->children) {
    if (child->pointer == pointer) return ConfigObject(child, origin_);
  }
  auto child = std::make_shared<Node>();
  child->value = std::shared_ptr<const Value>(node_->value, &object);
  child->pointer = std::move(pointer);
  child->member_asked.assign(object.as_object().size(), false);
  node_->children.push_back(child);
  return ConfigObject(std::move(child), origin_);
}

Result<ConfigObject> ConfigObject::ObjectAt(const std::string& pointer, const Value& v) const {
  if (!v.is_object()) return Recoded(ConfigExpected(At(pointer), "an object", v));
  return Child(pointer, v);
}

Result<std::vector<ConfigObject>> ConfigObject::ObjectsAt(std::string_view key, const Value& v) const {
  std::string pointer = node_->pointer + "/" + EscapeJsonPointerToken(key);
  if (!v.is_array()) return ConfigExpected(Where(key), "an array of objects", v);
  std::vector<ConfigObject> out;
  for (size_t i = 0; i < v.as_array().size(); ++i) {
    EVT_ASSIGN_OR_RETURN(ConfigObject item, ObjectAt(pointer + "/" + std::to_string(i), v.as_array()[i]));
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::string> ConfigObject::String(std::string_view key) const { return Required(*this, key, ConfigString); }
Result<std::string> ConfigObject::String(std::string_view key, std::string fallback) const {
  return WithFallback(*this, key, std::move(fallback), ConfigString);
}
Result<std::optional<std::string>> ConfigObject::OptionalString(std::string_view key) const {
  return Optional<std::string>(*this, key, ConfigString);
}

Result<std::int64_t> ConfigObject::Int(std::string_view key) const { return Required(*this, key, ConfigInt); }
Result<std::int64_t> ConfigObject::Int(std::string_view key, std::int64_t fallback) const {
  return WithFallback(*this, key, fallback, ConfigInt);
}

Result<double> ConfigObject::Number(std::string_view key) const { return Required(*this, key, ConfigNumber); }
Result<double> ConfigObject::Number(std::string_view key, double fallback) const {
  return WithFallback(*this, key, fallback, ConfigNumber);
}

Result<bool> ConfigObject::Bool(std::string_view key) const { return Required(*this, key, ConfigBool); }
Result<bool> ConfigObject::Bool(std::string_view key, bool fallback) const {
  return WithFallback(*this, key, fallback, ConfigBool);
}

Result<double> ConfigObject::Ratio(std::string_view key) const { return Required(*this, key, ConfigRatio); }
Result<double> ConfigObject::Ratio(std::string_view key, double fallback) const {
  return WithFallback(*this, key, fallback, ConfigRatio);
}

Result<evt::Duration> ConfigObject::Duration(std::string_view key) const {
  return Required(*this, key, ConfigDuration);
}
Result<evt::Duration> ConfigObject::Duration(std::string_view key, evt::Duration fallback) const {
  return WithFallback(*this, key, fallback, ConfigDuration);
}

Result<TimePoint> ConfigObject::Time(std::string_view key) const { return Required(*this, key, ConfigTime); }
Result<std::optional<TimePoint>> ConfigObject::OptionalTime(std::string_view key) const {
  return Optional<TimePoint>(*this, key, ConfigTime);
}

Result<std::string> ConfigObject::Path(std::string_view key) const {
  return Required(*this, key,
                  [this](const Value& v, const std::string& where) { return ConfigPath(v, where, origin_->folder); });
}
Result<std::optional<std::string>> ConfigObject::OptionalPath(std::string_view key) const {
  return Optional<std::string>(
      *this, key, [this](const Value& v, const std::string& where) { return ConfigPath(v, where, origin_->folder); });
}

Result<ConfigObject> ConfigObject::Object(std::string_view key) const {
  return Required(*this, key, [this, key](const Value& v, const std::string&) {
    return ObjectAt(node_->pointer + "/" + EscapeJsonPointerToken(key), v);
  });
}
Result<std::optional<ConfigObject>> ConfigObject::OptionalObject(std::string_view key) const {
  return Optional<ConfigObject>(*this, key, [this, key](const Value& v, const std::string&) {
    return ObjectAt(node_->pointer + "/" + EscapeJsonPointerToken(key), v);
  });
}

Result<std::vector<std::string>> ConfigObject::StringArray(std::string_view key) const {
  return Required(*this, key, ConfigStringArray);
}
Result<std::vector<std::string>> ConfigObject::StringArray(std::string_view key,
                                                           std::vector<std::string> fallback) const {
  return WithFallback(*this, key, std::move(fallback), ConfigStringArray);
}

Result<std::vector<double>> ConfigObject::NumberArray(std::string_view key) const {
  return Required(*this, key, ConfigNumberArray);
}
Result<std::vector<double>> ConfigObject::NumberArray(std::string_view key, std::vector<double> fallback) const {
  return WithFallback(*this, key, std::move(fallback), ConfigNumberArray);
}

Result<std::vector<ConfigObject>> ConfigObject::ObjectArray(std::string_view key) const {
  return Required(*this, key, [this, key](const Value& v, const std::string&) { return ObjectsAt(key, v); });
}
Result<std::optional<std::vector<ConfigObject>>> ConfigObject::OptionalObjectArray(std::string_view key) const {
  return Optional<std::vector<ConfigObject>>(
      *this, key, [this, key](const Value& v, const std::string&) { return ObjectsAt(key, v); });
}

Result<evt::Secret> ConfigObject::Secret(std::string_view key) const {
  return Required(*this, key, [this](const Value& v, const std::string& where) {
    return ResolveSecret(v, where, origin_->folder, origin_->env);
  });
}
Result<std::optional<evt::Secret>> ConfigObject::OptionalSecret(std::string_view key) const {
  return Optional<evt::Secret>(*this, key, [this](const Value& v, const std::string& where) {
    return ResolveSecret(v, where, origin_->folder, origin_->env);
  });
}

namespace {

struct UnknownKey {
  std::string pointer;
  const std::vector<std::string>* known;
};

template <class Node>
void CollectUnknown(const Node& node, std::vector<UnknownKey>& out) {
  const evt::Object& members = node.value->as_object();
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (node.member_asked[i]) continue;
    out.push_back({node.pointer + "/" + EscapeJsonPointerToken(members[i].first), &node.asked});
  }
  for (const auto& child : node.children) CollectUnknown(*child, out);
}

std::string KnownList(const std::vector<std::string>& known) {
  if (known.empty()) return "(no keys are known here)";
  std::string out = "(known: ";
  for (size_t i = 0; i < known.size(); ++i) out += (i ? ", " : "") + known[i];
  return out + ")";
}

}  // namespace

Status ConfigObject::Finish() const {
  std::vector<UnknownKey> unknown;
  CollectUnknown(*node_, unknown);
  if (unknown.empty()) return Status::Ok();
  std::string msg = At(unknown[0].pointer) + ": unknown key";
  if (origin_->unknown_keys == UnknownKeys::kFirstOnly) return Status::WithCode(origin_->code, std::move(msg));
  msg += " " + KnownList(*unknown[0].known);
  for (size_t i = 1; i < unknown.size(); ++i) msg += (i == 1 ? "; also unknown: " : ", ") + unknown[i].pointer;
  return Status::WithCode(origin_->code, std::move(msg));
}

}  // namespace evt
