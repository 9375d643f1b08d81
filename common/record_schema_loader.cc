// RecordSchemas::Load: the schema files (see common/record_schema.h) into
// RecordSchemas, refusing any file that would make evt.7 or the validator
// wrong.
#include "common/record_schema.h"

#include <algorithm>
#include <utility>

#include "common/json_parse.h"
#include "common/record_envelope.h"
#include "common/record_field_parser.h"

namespace evt {
namespace {

constexpr std::string_view kEnvelopeSource = "record envelope";
constexpr std::string_view kSchemaSuffix = ".json";

bool IsKindName(std::string_view kind) {
  bool word_start = true;
  for (char c : kind) {
    bool lower = c >= 'a' && c <= 'z';
    if (word_start && !lower) return false;
    if (!lower && !(c >= '0' && c <= '9') && c != '_' && c != '.') return false;
    word_start = c == '.';
  }
  return !kind.empty() && !word_start;
}

// Errors name `source` (ParseJson's read "SOURCE:LINE: what").
Result<Value> ParseSchemaText(std::string_view text, std::string_view source) {
  Result<Value> parsed = ParseJson(text, source);
  if (parsed.ok() && !parsed->is_object())
    return Status::DataErr(std::string(source) + ": expected a schema (a JSON object), got " +
                           std::string(parsed->type_name()));
  return parsed;
}

// The validator gives "kind", "v" and "ts" their meaning, so the envelope
// may document them but not change them.
Status CheckEnvelopeFields(const std::vector<Field>& fields) {
  static const std::pair<std::string_view, FieldType> kExpected[] = {
      {"kind", FieldType::kString}, {"v", FieldType::kInteger}, {"ts", FieldType::kTimestamp}};
  bool same = fields.size() == std::size(kExpected);
  for (std::size_t i = 0; same && i < fields.size(); ++i)
    same = fields[i].name == kExpected[i].first && fields[i].spec.type == kExpected[i].second &&
           fields[i].spec.required;
  if (same) return Status::Ok();
  return Status::DataErr(
      "/fields: expected \"kind\" (string), \"v\" (integer) and \"ts\" (timestamp), in that order, all required");
}

Result<EnvelopeSchema> ParseEnvelope(const Value& doc) {
  EVT_RETURN_IF_ERROR(CheckKeys(doc, {"summary", "description", "fields"}, ""));
  EnvelopeSchema envelope;
  Result<std::string> summary = TextMember(doc, "summary", "");
  if (!summary.ok()) return summary.status();
  Result<std::string> description = TextMember(doc, "description", "");
  if (!description.ok()) return description.status();
  const Value* decls = doc.find("fields");
  if (decls == nullptr) return Status::DataErr("/fields: missing; expected the field declarations");
  Result<std::vector<Field>> fields = ParseFields(*decls, "/fields", false);
  if (!fields.ok()) return fields.status();
  EVT_RETURN_IF_ERROR(CheckEnvelopeFields(*fields));
  envelope.summary = std::move(summary).value();
  envelope.description = std::move(description).value();
  envelope.fields = std::move(fields).value();
  return envelope;
}

Status ParseKindHeader(const Value& doc, std::string_view file, KindSchema& schema) {
  Result<std::string> kind = TextMember(doc, "kind", "");
  if (!kind.ok()) return kind.status();
  if (!IsKindName(*kind)) return Status::DataErr("/kind: expected lower_snake_case words joined by dots, got \"" + *kind + "\"");
  if (std::string(file) != *kind + std::string(kSchemaSuffix))
    return Status::DataErr("/kind: \"" + *kind + "\" must be declared in " + *kind + std::string(kSchemaSuffix));
  const Value* v = doc.find("v");
  if (v == nullptr || !v->is_int() || v->as_int() < 1)
    return Status::DataErr("/v: expected the schema version, an integer from 1");
  Result<std::string> summary = TextMember(doc, "summary", "");
  if (!summary.ok()) return summary.status();
  if (summary->find('\n') != std::string::npos) return Status::DataErr("/summary: expected one line");
  Result<std::string> description = TextMember(doc, "description", "");
  if (!description.ok()) return description.status();
  schema.kind = std::move(kind).value();
  schema.version = v->as_int();
  schema.summary = std::move(summary).value();
  schema.description = std::move(description).value();
  return Status::Ok();
}

Status ParseKindFields(const Value& doc, const EnvelopeSchema& envelope, KindSchema& schema) {
  const Value* decls = doc.find("fields");
  if (decls == nullptr) return Status::DataErr("/fields: missing; expected the field declarations");
  Result<std::vector<Field>> fields = ParseFields(*decls, "/fields", false);
  if (!fields.ok()) return fields.status();
  for (const Field& field : *fields)
    if (FindField(envelope.fields, field.name))
      return Status::DataErr("/fields/" + field.name + ": the envelope declares it; a kind cannot");
  schema.fields = std::move(fields).value();
  schema.record.type = FieldType::kObject;
  schema.record.fields = envelope.fields;
  schema.record.fields.insert(schema.record.fields.end(), schema.fields.begin(), schema.fields.end());
  return Status::Ok();
}

Result<KindSchema> ParseKind(const Value& doc, std::string_view file, const EnvelopeSchema& envelope) {
  EVT_RETURN_IF_ERROR(CheckKeys(doc, {"kind", "v", "summary", "description", "fields", "example"}, ""));
  KindSchema schema;
  schema.file = file;
  EVT_RETURN_IF_ERROR(ParseKindHeader(doc, file, schema));
  EVT_RETURN_IF_ERROR(ParseKindFields(doc, envelope, schema));
  const Value* example = doc.find("example");
  if (example == nullptr) return Status::DataErr("/example: missing; expected a complete record of this kind");
  schema.example = *example;
  return schema;
}

Result<EnvelopeSchema> LoadEnvelope() {
  Result<Value> doc = ParseSchemaText(EnvelopeSchemaText(), kEnvelopeSource);
  if (!doc.ok()) return doc.status();
  Result<EnvelopeSchema> envelope = ParseEnvelope(*doc);
  if (!envelope.ok()) return envelope.status().Prefixed(kEnvelopeSource);
  return envelope;
}

}  // namespace

Result<RecordSchemas> RecordSchemas::Load(const std::vector<EmbeddedSchema>& files) {
  RecordSchemas schemas;
  Result<EnvelopeSchema> envelope = LoadEnvelope();
  if (!envelope.ok()) return envelope.status();
  schemas.envelope_ = std::move(envelope).value();
  for (const EmbeddedSchema& file : files) EVT_RETURN_IF_ERROR(schemas.AddKind(file));
  std::sort(schemas.kinds_.begin(), schemas.kinds_.end(),
            [](const KindSchema& a, const KindSchema& b) { return a.kind < b.kind; });
  for (const KindSchema& kind : schemas.kinds_) {
    Status valid = schemas.Validate(kind.example);
    if (!valid.ok()) return valid.Prefixed("example does not validate").Prefixed(kind.file);
  }
  return schemas;
}

Status RecordSchemas::AddKind(const EmbeddedSchema& file) {
  Result<Value> doc = ParseSchemaText(file.text, file.file);
  if (!doc.ok()) return doc.status();
  Result<KindSchema> kind = ParseKind(*doc, file.file, envelope_);
  if (!kind.ok()) return kind.status().Prefixed(file.file);
  if (const KindSchema* earlier = Find(kind->kind))
    return Status::DataErr(std::string(file.file) + ": kind \"" + kind->kind + "\" is already declared in " + earlier->file);
  kinds_.push_back(std::move(kind).value());
  return Status::Ok();
}

}  // namespace evt
