#include "common/record_schema.h"

#include <utility>

#include "common/record_validator.h"

namespace evt {
namespace {

std::string SchemaName(const KindSchema& schema) {
  return ShownValue(Value(schema.kind)) + " v" + std::to_string(schema.version);
}

Status CheckVersion(const KindSchema& schema, const Value* v) {
  if (v == nullptr) return Status::DataErr("/v: required field missing");
  if (!v->is_integer()) return Status::DataErr("/v: expected an integer, got " + ShownValue(*v));
  if (v->is_int() && v->as_int() == schema.version) return Status::Ok();
  return Status::DataErr("/v: expected " + std::to_string(schema.version) + ", the version of " +
                         ShownValue(Value(schema.kind)) + " this tool knows, got " + ShownValue(*v));
}

}  // namespace

const KindSchema* RecordSchemas::Find(std::string_view kind) const {
  for (const KindSchema& schema : kinds_)
    if (schema.kind == kind) return &schema;
  return nullptr;
}

Status RecordSchemas::Validate(const Value& record) const {
  if (!broken_.ok()) return broken_;
  if (!record.is_object()) return Status::DataErr("expected a record (a JSON object), got " + ShownValue(record));
  const Value* kind = record.find("kind");
  if (kind == nullptr) return Status::DataErr("/kind: required field missing");
  if (!kind->is_string()) return Status::DataErr("/kind: expected a string, got " + ShownValue(*kind));
  const KindSchema* schema = Find(kind->as_string());
  if (schema == nullptr) return Status::DataErr("/kind: unknown record kind " + ShownValue(*kind));
  EVT_RETURN_IF_ERROR(CheckVersion(*schema, record.find("v")));
  return ValidateValue(schema->record, record, SchemaName(*schema));
}

const RecordSchemas& BuiltinRecordSchemas() {
  static const RecordSchemas kSchemas = [] {
    Result<RecordSchemas> loaded = RecordSchemas::Load(EmbeddedSchemas());
    if (loaded.ok()) return std::move(loaded).value();
    RecordSchemas broken;
    broken.broken_ = Status::Internal("built-in record schemas: " + loaded.status().message());
    return broken;
  }();
  return kSchemas;
}

}  // namespace evt
