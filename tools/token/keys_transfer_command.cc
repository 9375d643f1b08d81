// evt-token keys import|export: keys in and out of the ring as JWK, JWK set
// or PEM. Exporting a private key takes --private: never by accident.
#include <iostream>

#include "common/json_writer.h"
#include "common/messages.h"
#include "common/quoted.h"
#include "tools/token/commands.h"
#include "tools/token/jwk.h"
#include "tools/token/key_file.h"
#include "tools/token/key_output.h"
#include "tools/token/pem.h"

namespace evt::token {
namespace {

// Refuses the whole file before adding any key if one kid is taken, so an
// import is all or nothing for the common mistake.
Status CheckKidsFree(KeyRing& ring, const std::vector<Key>& keys) {
  for (const Key& key : keys) {
    Result<std::optional<RingEntry>> existing = ring.Find(key.kid());
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) return Status::DataErr("key " + QuotedForMessage(key.kid()) + ": the ring already holds this kid");
  }
  return Status::Ok();
}

Result<std::vector<Key>> KeysToExport(const CommandContext& ctx, KeyRing& ring, const KeysArgs& args) {
  std::vector<Key> keys;
  if (args.export_kids.empty()) {
    Result<KeySet> set = ring.VerificationKeys(ctx.clock.Now());
    if (!set.ok()) return set.status();
    for (const Key& key : set->keys()) {
      if (args.private_keys || key.kind() == KeyKind::kEd25519) keys.push_back(key);
    }
    return keys;
  }
  for (const std::string& kid : args.export_kids) {
    Result<std::optional<RingEntry>> e = ring.Find(kid);
    if (!e.ok()) return e.status();
    if (!e->has_value()) return Status::DataErr("key " + QuotedForMessage(kid) + ": no such key in the ring");
    if ((*e)->key.kind() == KeyKind::kHmac && !args.private_keys) {
      return Status::Usage("key " + QuotedForMessage(kid) + ": an HS256 secret has no public form; add --private to export it");
    }
    keys.push_back((*e)->key);
  }
  return keys;
}

Result<Value> Jwk(const Key& key, bool private_keys) {
  if (private_keys && key.is_secret()) return PrivateJwk(key);
  return PublicJwk(key);
}

Result<std::string> AsPem(const std::vector<Key>& keys, bool private_keys) {
  std::string out;
  for (const Key& key : keys) {
    const Ed25519Key* ed = key.ed25519();
    if (ed == nullptr) return Status::Usage("--format pem: key " + QuotedForMessage(key.kid()) + " is an HS256 secret; use jwk");
    if (private_keys && ed->has_private()) {
      Result<SecretBytes> pem = PrivateKeyToPem(*ed);
      if (!pem.ok()) return pem.status();
      out.append(pem->view());
    } else {
      Result<std::string> pem = PublicKeyToPem(*ed);
      if (!pem.ok()) return pem.status();
      out += *pem;
    }
  }
  return out;
}

enum class KeyFormat { kJwks, kJwk, kPem };

// --format, resolved once (the parser has already refused other words).
KeyFormat ResolveKeyFormat(const std::string& flag) {
  if (flag == "pem") return KeyFormat::kPem;
  if (flag == "jwk") return KeyFormat::kJwk;
  return KeyFormat::kJwks;
}

Result<std::string> AsJson(const std::vector<Key>& keys, const KeysArgs& args, KeyFormat format) {
  if (format == KeyFormat::kJwk) {
    if (keys.size() != 1) {
      return Status::Usage("--format jwk: holds one key, and " + std::to_string(keys.size()) +
                           " were chosen; name one kid or use --format jwks");
    }
    Result<Value> jwk = Jwk(keys.front(), args.private_keys);
    if (!jwk.ok()) return jwk.status();
    return ToJson(*jwk);
  }
  Value list = Value::array();
  for (const Key& key : keys) {
    Result<Value> jwk = Jwk(key, args.private_keys);
    if (!jwk.ok()) return jwk.status();
    list.push_back(std::move(*jwk));
  }
  return ToJson(Value::object({{"keys", std::move(list)}}));
}

Result<SecretBytes> Render(const std::vector<Key>& keys, const KeysArgs& args, KeyFormat format) {
  Result<std::string> text = format == KeyFormat::kPem ? AsPem(keys, args.private_keys) : AsJson(keys, args, format);
  if (!text.ok()) return text.status();
  if (format != KeyFormat::kPem) *text += "\n";
  return SecretBytes(std::move(*text));
}

}  // namespace

Status RunKeysImport(const CommandContext& ctx, const KeysArgs& args) {
  EVT_RETURN_IF_ERROR(CheckKidFlag(args.kid));
  Result<SecretBytes> text = ReadKeyFile(args.file);
  if (!text.ok()) return text.status();
  std::string source = args.file == "-" ? "<stdin>" : args.file;
  Result<std::vector<Key>> keys = ParseKeyFile(text->view(), source, args.kid);
  if (!keys.ok()) return keys.status();
  if (keys->empty()) return Status::DataErr(source + ": no keys");
  for (const Key& key : *keys) {
    if (key.is_secret()) {
      EVT_RETURN_IF_ERROR(CheckPrivateKeyFileMode(args.file));
      break;
    }
  }
  Result<KeyRing> ring = ctx.OpenRing();
  if (!ring.ok()) return ring.status();
  EVT_RETURN_IF_ERROR(CheckKidsFree(*ring, *keys));
  std::vector<RingEntry> added;
  for (const Key& key : *keys) {
    Result<std::optional<RingEntry>> active = ring->Active(key.kind());
    if (!active.ok()) return active.status();
    bool activate = key.can_sign() && !active->has_value();
    EVT_RETURN_IF_ERROR(ring->Add(key, activate ? KeyState::kActive : KeyState::kPublished, ctx.clock.Now()));
    Result<std::optional<RingEntry>> entry = ring->Find(key.kid());
    if (!entry.ok()) return entry.status();
    if (entry->has_value()) added.push_back(std::move(**entry));
  }
  return WriteKeys(ctx, added);
}

Status RunKeysExport(const CommandContext& ctx, const KeysArgs& args) {
  const KeyFormat format = ResolveKeyFormat(args.format);
  if (ctx.common->json && args.private_keys) {
    return Status::Usage("--json: private keys never go into records; export them without --json");
  }
  if (ctx.common->json && format != KeyFormat::kJwks) return Status::Usage("--json: only --format jwks has a record form");
  Result<KeyRing> ring = ctx.OpenRing();
  if (!ring.ok()) return ring.status();
  Result<std::vector<Key>> keys = KeysToExport(ctx, *ring, args);
  if (!keys.ok()) return keys.status();
  if (ctx.common->json) {
    Value list = Value::array();
    for (const Key& key : *keys) {
      Result<Value> jwk = PublicJwk(key);
      if (!jwk.ok()) return jwk.status();
      list.push_back(std::move(*jwk));
    }
    Value record = ctx.Envelope("token.jwks");
    record.set("jwks", Value::object({{"keys", std::move(list)}}));
    RecordWriter writer(stdout);
    return writer.Write(record);
  }
  Result<SecretBytes> text = Render(*keys, args, format);
  if (!text.ok()) return text.status();
  if (!args.out.empty()) return WriteNewPrivateFile(args.out, text->view());
  std::cout << text->view() << std::flush;
  return std::cout ? Status::Ok() : Status::IoErr("write error");
}

}  // namespace evt::token
