// evt-token keys new|list|rotate|retire, and jwks.
#include <iostream>

#include "common/json_writer.h"
#include "common/quoted.h"
#include "tools/token/commands.h"
#include "tools/token/jwks.h"
#include "tools/token/key_output.h"
#include "tools/token/key_rotation.h"

namespace evt::token {
namespace {

KeyKind KindFlag(const std::string& alg) { return AlgFlag(alg) == Alg::kHS256 ? KeyKind::kHmac : KeyKind::kEd25519; }

Result<Key> GenerateKey(KeyKind kind, const std::string& kid) {
  EVT_RETURN_IF_ERROR(CheckKidFlag(kid));
  if (kind == KeyKind::kHmac) {
    Result<HmacKey> secret = HmacKey::Generate();
    if (!secret.ok()) return secret.status();
    return Key(std::move(*secret), kid);
  }
  Result<Ed25519Key> ed = Ed25519Key::Generate();
  if (!ed.ok()) return ed.status();
  return Key(std::move(*ed), kid);
}

Status ShowKeys(const CommandContext& ctx, KeyRing& ring, const std::vector<std::string>& kids) {
  std::vector<RingEntry> entries;
  for (const std::string& kid : kids) {
    Result<std::optional<RingEntry>> e = ring.Find(kid);
    if (!e.ok()) return e.status();
    if (e->has_value()) entries.push_back(std::move(**e));
  }
  return WriteKeys(ctx, entries);
}

}  // namespace

Status RunKeysNew(const CommandContext& ctx, const KeysArgs& args) {
  KeyKind kind = KindFlag(args.alg);
  Result<Key> key = GenerateKey(kind, args.kid);
  if (!key.ok()) return key.status();
  Result<KeyRing> ring = ctx.OpenRing();
  if (!ring.ok()) return ring.status();
  Result<std::optional<RingEntry>> active = ring->Active(kind);
  if (!active.ok()) return active.status();
  KeyState state = active->has_value() ? KeyState::kPublished : KeyState::kActive;
  EVT_RETURN_IF_ERROR(ring->Add(*key, state, ctx.clock.Now()));
  return ShowKeys(ctx, *ring, {key->kid()});
}

Status RunKeysList(const CommandContext& ctx) {
  Result<KeyRing> ring = ctx.OpenRing();
  if (!ring.ok()) return ring.status();
  Result<std::vector<RingEntry>> entries = ring->List();
  if (!entries.ok()) return entries.status();
  return WriteKeys(ctx, *entries);
}

Status RunKeysRotate(const CommandContext& ctx, const KeysArgs& args) {
  std::optional<std::chrono::seconds> grace;
  if (!args.grace.empty()) {
    Result<std::chrono::seconds> g = SecondsFlag("--grace", args.grace, true);
    if (!g.ok()) return g.status();
    grace = *g;
  }
  Result<KeyRing> ring = ctx.OpenRing();
  if (!ring.ok()) return ring.status();
  KeyKind kind = KindFlag(args.alg);
  std::string incoming = args.to;
  if (!incoming.empty()) {
    Result<std::optional<RingEntry>> target = ring->Find(incoming);
    if (!target.ok()) return target.status();
    if (!target->has_value()) return Status::DataErr("--to: " + QuotedForMessage(incoming) + ": no such key in the ring");
    kind = (*target)->key.kind();
  }
  Result<std::optional<RingEntry>> previous = ring->Active(kind);
  if (!previous.ok()) return previous.status();
  TimePoint now = ctx.clock.Now();
  std::optional<std::int64_t> last_exp = previous->has_value() ? (*previous)->last_exp : std::nullopt;
  TimePoint until = PreviousKeyVerifyUntil(now, ctx.config.ttl, ctx.config.leeway, last_exp, grace);
  if (incoming.empty()) {
    Result<Key> key = GenerateKey(kind, "");
    if (!key.ok()) return key.status();
    incoming = key->kid();
    EVT_RETURN_IF_ERROR(ring->AddActive(*key, until, now));
  } else {
    EVT_RETURN_IF_ERROR(ring->Activate(incoming, until, now));
  }
  std::vector<std::string> shown{incoming};
  if (previous->has_value() && (*previous)->key.kid() != incoming) shown.push_back((*previous)->key.kid());
  return ShowKeys(ctx, *ring, shown);
}

Status RunKeysRetire(const CommandContext& ctx, const KeysArgs& args) {
  Result<KeyRing> ring = ctx.OpenRing();
  if (!ring.ok()) return ring.status();
  Result<std::optional<RingEntry>> entry = ring->Find(args.retire_kid);
  if (!entry.ok()) return entry.status();
  if (!entry->has_value()) return Status::DataErr("key " + QuotedForMessage(args.retire_kid) + ": no such key in the ring");
  if ((*entry)->state == KeyState::kActive && !args.force) {
    return Status::Usage("key " + QuotedForMessage(args.retire_kid) +
                         " is the active signing key: run evt-token keys rotate first, or add --force");
  }
  EVT_RETURN_IF_ERROR(ring->Retire(args.retire_kid, ctx.clock.Now()));
  return ShowKeys(ctx, *ring, {args.retire_kid});
}

Status RunJwks(const CommandContext& ctx) {
  Result<KeyRing> ring = ctx.OpenRing();
  if (!ring.ok()) return ring.status();
  Result<KeySet> keys = ring->VerificationKeys(ctx.clock.Now());
  if (!keys.ok()) return keys.status();
  Value jwks = PublicJwks(*keys);
  if (ctx.common->json) {
    Value record = ctx.Envelope("token.jwks");
    record.set("jwks", std::move(jwks));
    RecordWriter writer(stdout);
    return writer.Write(record);
  }
  Result<std::string> text = ToJson(jwks);
  if (!text.ok()) return text.status();
  return WriteStdoutLine(*text, true);
}

}  // namespace evt::token
