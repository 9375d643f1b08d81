#include "tools/outbox/record_id.h"

#include <sys/random.h>

#include <array>
#include <cstdint>
#include <utility>

#include "common/canonical_json.h"
#include "common/json_parse.h"
#include "common/json_writer.h"

namespace evt::outbox {
namespace {

// getrandom(2) only fails for a buffer this small before the pool is seeded
// (blocking, then fine) or when interrupted; it is retried, never replaced
// by a weaker source: two kiosks must not mint one id.
void FillRandom(std::array<std::uint8_t, 16>& bytes) {
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    ssize_t n = ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n > 0) filled += static_cast<std::size_t>(n);
  }
}

bool IsEnvelopeKey(std::string_view key) { return key == "kind" || key == "v" || key == "ts"; }

}  // namespace

std::string NewRecordId() {
  std::array<std::uint8_t, 16> bytes{};
  FillRandom(bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (std::uint8_t b : bytes) {
    id.push_back(kHex[b >> 4]);
    id.push_back(kHex[b & 0xF]);
  }
  return id;
}

Result<std::string> RecordIdOf(const Value& record) {
  const Value* id = record.find("id");
  if (id == nullptr) return NewRecordId();
  if (!id->is_string() || id->as_string().empty()) {
    return Status::DataErr("/id: expected a non-empty string (the record's id), got " +
                           std::string(id->is_string() ? "an empty string" : id->type_name()));
  }
  return id->as_string();
}

Value RecordContent(const Value& record) {
  Object content;
  for (const Member& m : record.as_object()) {
    if (!IsEnvelopeKey(m.first)) content.push_back(m);
  }
  return Value(std::move(content));
}

Result<std::string> CanonicalContentOfLine(std::string_view line, std::string_view source) {
  EVT_ASSIGN_OR_RETURN(Value record, ParseJson(line, source));
  if (!record.is_object()) return Status::DataErr(std::string(source) + ": expected a JSON object");
  return CanonicalJson(RecordContent(record));
}

Result<OutboxRecord> MakeOutboxRecord(const Value& record, std::string queue, std::string origin, TimePoint now) {
  if (!record.is_object()) return Status::DataErr("expected a JSON object, got " + std::string(record.type_name()));
  EVT_ASSIGN_OR_RETURN(std::string id, RecordIdOf(record));
  EVT_ASSIGN_OR_RETURN(std::string line, ToJson(record));
  return OutboxRecord{std::move(id), std::move(queue), std::move(origin), now.time_since_epoch().count(),
                      std::move(line)};
}

}  // namespace evt::outbox
