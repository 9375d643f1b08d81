#include "tools/outbox/s3_destination.h"

#include "common/config_object.h"
#include "common/quoted.h"
#include "tools/outbox/http_destination.h"

namespace evt::outbox {
namespace {

Result<TokenSpec> ReadSecretSpec(const ConfigObject& o, std::string_view key, const std::string& config_dir) {
  const Value* secret = o.Raw(key);
  if (secret == nullptr || !secret->is_object()) {
    return o.Error(key, "expected where the secret is, {\"file\": PATH}, {\"env\": NAME} or {\"credential\": NAME}; "
                        "a key never goes in the config itself");
  }
  return TokenSpec{*secret, o.Where(key), config_dir};
}

Result<SealRule> ReadSegment(const ConfigObject& o) {
  SealRule rule;
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> s, o.OptionalObject("segment"));
  if (!s) return rule;
  EVT_ASSIGN_OR_RETURN(rule.max_bytes, s->Int("max_bytes", rule.max_bytes));
  if (rule.max_bytes < 1) return s->Error("max_bytes", "expected a size in bytes above 0, such as 8388608");
  EVT_ASSIGN_OR_RETURN(rule.max_age, s->Duration("max_age", rule.max_age));
  if (rule.max_age <= Duration(0)) return s->Error("max_age", "expected a duration above 0, such as \"60s\"");
  EVT_RETURN_IF_ERROR(s->Finish());
  return rule;
}

bool IsPlainName(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == '/';
    if (!ok) return false;
  }
  return s.front() != '/' && s.back() != '/';
}

}  // namespace

Result<S3Destination> ParseS3Destination(const DestinationSpec& spec, const std::string& config_dir,
                                         const std::string& site) {
  auto [file, pointer] = FileAndPointer(spec.where);
  ConfigOrigin origin;
  origin.file = file;
  origin.folder = config_dir;
  EVT_ASSIGN_OR_RETURN(ConfigObject o, ConfigObject::Borrowing(spec.settings, pointer, origin));
  S3Destination d;
  d.name = spec.name;
  const Value* type = o.Raw("type");
  if (type == nullptr || !type->is_string() || type->as_string() != "s3") return o.Error("type", "expected \"s3\"");
  EVT_ASSIGN_OR_RETURN(d.endpoint, o.String("endpoint"));
  if (!d.endpoint.starts_with("http://") && !d.endpoint.starts_with("https://")) {
    return o.Error("endpoint", "expected an http:// or https:// URL, got " + QuotedForMessage(d.endpoint));
  }
  EVT_ASSIGN_OR_RETURN(d.region, o.String("region", d.region));
  EVT_ASSIGN_OR_RETURN(d.bucket, o.String("bucket"));
  if (d.bucket.empty() || d.bucket.find('/') != std::string::npos) {
    return o.Error("bucket", "expected a bucket name without '/', got " + QuotedForMessage(d.bucket));
  }
  EVT_ASSIGN_OR_RETURN(d.prefix, o.String("prefix", site));
  if (!IsPlainName(d.prefix)) {
    return o.Error("prefix", "expected letters, digits, '-', '_', '.' and inner '/', got " + QuotedForMessage(d.prefix));
  }
  EVT_ASSIGN_OR_RETURN(d.access_key, ReadSecretSpec(o, "access_key", config_dir));
  EVT_ASSIGN_OR_RETURN(d.secret_key, ReadSecretSpec(o, "secret_key", config_dir));
  EVT_ASSIGN_OR_RETURN(d.segment, ReadSegment(o));
  EVT_ASSIGN_OR_RETURN(d.multipart_over, o.Int("multipart_over", d.multipart_over));
  if (d.multipart_over < 1) return o.Error("multipart_over", "expected a size in bytes above 0, such as 16777216");
  EVT_ASSIGN_OR_RETURN(d.part_bytes, o.Int("part_bytes", d.part_bytes));
  if (d.part_bytes < kMinPartBytes) {
    return o.Error("part_bytes", "expected at least 5 MiB (5242880 bytes), the store's least part, got " +
                                     std::to_string(d.part_bytes));
  }
  EVT_ASSIGN_OR_RETURN(std::int64_t level, o.Int("zstd_level", d.zstd_level));
  if (level < 1 || level > 19) return o.Error("zstd_level", "expected a zstd level from 1 to 19, got " + std::to_string(level));
  d.zstd_level = static_cast<int>(level);
  EVT_ASSIGN_OR_RETURN(d.retry, ReadRetry(o));
  EVT_ASSIGN_OR_RETURN(d.when, ReadWhen(o));
  EVT_RETURN_IF_ERROR(o.Finish());
  return d;
}

}  // namespace evt::outbox
