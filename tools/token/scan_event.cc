#include "tools/token/scan_event.h"

#include <openssl/rand.h>

#include <chrono>
#include <tuple>

#include "common/time_format.h"
#include "common/utf8.h"

namespace evt::token {
namespace {

// 2^53: a JSON number every reader holds exactly.
constexpr std::int64_t kMaxJsonInteger = kMaxHlcPart;

bool HasControlCharacter(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Ids and gate names are shown in tables and messages: no control
// characters. A jti or a reason is data: any text the issuer or the
// operator gave, so what one gate records every gate can merge.
enum class Text { kName, kData };

Result<std::string> TextField(const Value& record, std::string_view name, std::size_t max_bytes, bool required,
                              Text text = Text::kName) {
  const Value* v = record.find(name);
  if (v == nullptr || v->is_null()) {
    if (required) return Status::DataErr("\"" + std::string(name) + "\": missing");
    return std::string();
  }
  if (!v->is_string()) return Status::DataErr("\"" + std::string(name) + "\": expected a string, got " +
                                              std::string(v->type_name()));
  const std::string& s = v->as_string();
  bool control_ok = text == Text::kData;
  if ((required && s.empty()) || s.size() > max_bytes || (!control_ok && HasControlCharacter(s))) {
    return Status::DataErr("\"" + std::string(name) + "\": expected 1 to " + std::to_string(max_bytes) + " bytes" +
                           (control_ok ? "" : " without control characters"));
  }
  return s;
}

Result<std::int64_t> IntegerField(const Value& record, std::string_view name, std::int64_t max) {
  const Value* v = record.find(name);
  if (v == nullptr) return Status::DataErr("\"" + std::string(name) + "\": missing");
  if (!v->is_int() || v->as_int() < 0 || v->as_int() > max) {
    return Status::DataErr("\"" + std::string(name) + "\": expected an integer from 0 to " + std::to_string(max));
  }
  return v->as_int();
}

Status CheckVersion(const Value& record) {
  const Value* v = record.find("v");
  if (v == nullptr || !v->is_int() || v->as_int() != 1) return Status::DataErr("\"v\": expected 1");
  return Status::Ok();
}

Result<Hlc> HlcFields(const Value& record) {
  Result<std::int64_t> wall = IntegerField(record, "hlc_wall", kMaxJsonInteger);
  if (!wall.ok()) return wall.status();
  Result<std::int64_t> logical = IntegerField(record, "hlc_logical", kMaxJsonInteger);
  if (!logical.ok()) return logical.status();
  return Hlc{*wall, *logical};
}

std::string At(Hlc hlc) { return FormatRfc3339(TimePoint(std::chrono::milliseconds(hlc.wall))); }

}  // namespace

std::string_view ScanTypeName(ScanType type) { return type == ScanType::kEntry ? "entry" : "exit"; }

bool ScanOrder(const ScanEvent& a, const ScanEvent& b) {
  return std::tie(a.hlc, a.gate, a.id) < std::tie(b.hlc, b.gate, b.id);
}

Result<std::string> NewElementId() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Status::Internal("scan id: no randomness");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

Status CheckUtf8(std::string_view what, std::string_view text) {
  if (IsValidUtf8(text)) return Status::Ok();
  return Status::Usage(std::string(what) + ": expected UTF-8 text");
}

Status CheckGateId(std::string_view gate) {
  EVT_RETURN_IF_ERROR(CheckUtf8("gate id", gate));
  if (gate.empty() || gate.size() > kMaxGateBytes || HasControlCharacter(gate)) {
    return Status::Usage("gate id: expected 1 to " + std::to_string(kMaxGateBytes) +
                         " bytes without control characters");
  }
  return Status::Ok();
}

void AddScanEventFields(Value& record, const ScanEvent& e) {
  record.set("id", e.id);
  record.set("jti", e.jti);
  record.set("gate", e.gate);
  record.set("type", ScanTypeName(e.type));
  record.set("hlc_wall", e.hlc.wall);
  record.set("hlc_logical", e.hlc.logical);
  record.set("at", At(e.hlc));
  if (e.code_step) record.set("code_step", *e.code_step);
}

void AddRevocationFields(Value& record, const Revocation& r) {
  record.set("id", r.id);
  record.set("jti", r.jti);
  record.set("gate", r.gate);
  if (!r.reason.empty()) record.set("reason", r.reason);
  record.set("hlc_wall", r.hlc.wall);
  record.set("hlc_logical", r.hlc.logical);
  record.set("at", At(r.hlc));
}

Result<ScanEvent> ScanEventFromRecord(const Value& record) {
  EVT_RETURN_IF_ERROR(CheckVersion(record));
  ScanEvent e;
  Result<std::string> id = TextField(record, "id", kMaxIdBytes, true);
  if (!id.ok()) return id.status();
  e.id = std::move(*id);
  Result<std::string> jti = TextField(record, "jti", kMaxJtiBytes, true, Text::kData);
  if (!jti.ok()) return jti.status();
  e.jti = std::move(*jti);
  Result<std::string> gate = TextField(record, "gate", kMaxGateBytes, true);
  if (!gate.ok()) return gate.status();
  e.gate = std::move(*gate);
  Result<std::string> type = TextField(record, "type", 8, true);
  if (!type.ok()) return type.status();
  if (*type != "entry" && *type != "exit") return Status::DataErr("\"type\": expected \"entry\" or \"exit\"");
  e.type = *type == "entry" ? ScanType::kEntry : ScanType::kExit;
  Result<Hlc> hlc = HlcFields(record);
  if (!hlc.ok()) return hlc.status();
  e.hlc = *hlc;
  if (record.find("code_step") != nullptr) {
    Result<std::int64_t> step = IntegerField(record, "code_step", kMaxJsonInteger);
    if (!step.ok()) return step.status();
    e.code_step = *step;
  }
  return e;
}

Result<Revocation> RevocationFromRecord(const Value& record) {
  EVT_RETURN_IF_ERROR(CheckVersion(record));
  Revocation r;
  Result<std::string> id = TextField(record, "id", kMaxIdBytes, true);
  if (!id.ok()) return id.status();
  r.id = std::move(*id);
  Result<std::string> jti = TextField(record, "jti", kMaxJtiBytes, true, Text::kData);
  if (!jti.ok()) return jti.status();
  r.jti = std::move(*jti);
  Result<std::string> gate = TextField(record, "gate", kMaxGateBytes, true);
  if (!gate.ok()) return gate.status();
  r.gate = std::move(*gate);
  Result<std::string> reason = TextField(record, "reason", kMaxReasonBytes, false, Text::kData);
  if (!reason.ok()) return reason.status();
  r.reason = std::move(*reason);
  Result<Hlc> hlc = HlcFields(record);
  if (!hlc.ok()) return hlc.status();
  r.hlc = *hlc;
  return r;
}

}  // namespace evt::token
