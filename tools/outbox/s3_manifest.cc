#include "tools/outbox/s3_manifest.h"

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/value.h"
#include "tools/outbox/s3_segment_key.h"

namespace evt::outbox {
namespace {

constexpr std::string_view kManifestKind = "outbox.manifest";

std::string DashedDay(std::int64_t ms) {
  std::string day = UtcDayPath(ms);
  for (char& c : day) {
    if (c == '/') c = '-';
  }
  return day;
}

Result<const Value*> Field(const Value& o, std::string_view key, Value::Type type, const std::string& where) {
  const Value* v = o.find(key);
  if (v == nullptr) return Status::DataErr(where + ": no \"" + std::string(key) + "\"");
  bool fits = v->type() == type || (type == Value::Type::kInt && v->type() == Value::Type::kUint);
  if (!fits) return Status::DataErr(where + "/" + std::string(key) + ": not of the expected type");
  return v;
}

Result<std::string> Text(const Value& o, std::string_view key, const std::string& where) {
  EVT_ASSIGN_OR_RETURN(const Value* v, Field(o, key, Value::Type::kString, where));
  return v->as_string();
}

Result<std::int64_t> Count(const Value& o, std::string_view key, const std::string& where) {
  EVT_ASSIGN_OR_RETURN(const Value* v, Field(o, key, Value::Type::kInt, where));
  if (v->type() == Value::Type::kUint) return Status::DataErr(where + "/" + std::string(key) + ": out of range");
  if (v->as_int() < 0) return Status::DataErr(where + "/" + std::string(key) + ": negative");
  return v->as_int();
}

}  // namespace

Manifest ManifestOf(const std::string& writer, const std::vector<Segment>& segments) {
  const Segment& first = segments.front();
  Manifest m{writer, first.queue, first.origin, DashedDay(first.first_ms), {}};
  for (const Segment& s : segments) {
    m.objects.push_back(ManifestObject{s.key, s.records, s.raw_bytes, s.compressed_bytes, s.sha256_hex});
  }
  return m;
}

Result<std::string> RenderManifest(const Manifest& manifest) {
  Value objects = Value::array();
  std::int64_t records = 0;
  std::int64_t raw = 0;
  std::int64_t compressed = 0;
  for (const ManifestObject& o : manifest.objects) {
    objects.as_array().push_back(Value::object({{"key", o.key},
                                                {"records", o.records},
                                                {"raw_bytes", o.raw_bytes},
                                                {"compressed_bytes", o.compressed_bytes},
                                                {"sha256", o.sha256_hex}}));
    records += o.records;
    raw += o.raw_bytes;
    compressed += o.compressed_bytes;
  }
  Value doc = Value::object({{"kind", std::string(kManifestKind)},
                             {"v", 1},
                             {"writer", manifest.writer},
                             {"queue", manifest.queue},
                             {"origin", manifest.origin},
                             {"date", manifest.date},
                             {"objects", std::move(objects)},
                             {"records", records},
                             {"raw_bytes", raw},
                             {"compressed_bytes", compressed}});
  EVT_ASSIGN_OR_RETURN(std::string json, ToJson(doc));
  return json + "\n";
}

Result<Manifest> ParseManifest(std::string_view json) {
  EVT_ASSIGN_OR_RETURN(Value doc, ParseJson(json, "manifest"));
  if (!doc.is_object()) return Status::DataErr("manifest: expected a JSON object");
  EVT_ASSIGN_OR_RETURN(std::string kind, Text(doc, "kind", "manifest"));
  if (kind != kManifestKind) return Status::DataErr("manifest/kind: expected \"outbox.manifest\", got \"" + kind + "\"");
  Manifest m;
  EVT_ASSIGN_OR_RETURN(m.writer, Text(doc, "writer", "manifest"));
  EVT_ASSIGN_OR_RETURN(m.queue, Text(doc, "queue", "manifest"));
  EVT_ASSIGN_OR_RETURN(m.origin, Text(doc, "origin", "manifest"));
  EVT_ASSIGN_OR_RETURN(m.date, Text(doc, "date", "manifest"));
  EVT_ASSIGN_OR_RETURN(const Value* objects, Field(doc, "objects", Value::Type::kArray, "manifest"));
  for (std::size_t i = 0; i < objects->as_array().size(); ++i) {
    const Value& o = objects->as_array()[i];
    std::string where = "manifest/objects/" + std::to_string(i);
    if (!o.is_object()) return Status::DataErr(where + ": expected an object");
    ManifestObject entry;
    EVT_ASSIGN_OR_RETURN(entry.key, Text(o, "key", where));
    EVT_ASSIGN_OR_RETURN(entry.records, Count(o, "records", where));
    EVT_ASSIGN_OR_RETURN(entry.raw_bytes, Count(o, "raw_bytes", where));
    EVT_ASSIGN_OR_RETURN(entry.compressed_bytes, Count(o, "compressed_bytes", where));
    EVT_ASSIGN_OR_RETURN(entry.sha256_hex, Text(o, "sha256", where));
    m.objects.push_back(std::move(entry));
  }
  return m;
}

}  // namespace evt::outbox
