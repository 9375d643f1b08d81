#include "tools/outbox/peer_endpoints.h"

#include <charconv>
#include <optional>
#include <vector>

#include "common/json_writer.h"
#include "common/value.h"

namespace evt::outbox {
namespace {

HttpResponse JsonAnswer(int status, const Value& body) {
  HttpResponse answer;
  answer.status = status;
  Result<std::string> json = ToJson(body);
  answer.body = (json.ok() ? *json : std::string("{}")) + "\n";
  return answer;
}

HttpResponse ErrorAnswer(int status, const std::string& error) {
  return JsonAnswer(status, Value::object({{"error", error}}));
}

// A store failure as the peer should read it: its data refused (400), the
// store busy (503, try again), anything else ours (500).
HttpResponse StoreFailure(const Status& status) {
  switch (status.code()) {
    case ExitCode::kDataErr: return ErrorAnswer(400, status.message());
    case ExitCode::kTempFail: return ErrorAnswer(503, status.message());
    default: return ErrorAnswer(500, status.message());
  }
}

std::optional<std::int64_t> QueryNumber(const HttpRequest& request, const std::string& key, std::int64_t fallback) {
  const std::string* text = request.Query(key);
  if (text == nullptr) return fallback;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || error != std::errc() || end != text->data() + text->size() || value < 0) return std::nullopt;
  return value;
}

std::vector<std::string> SplitLines(const std::string& body) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    if (end > start) lines.push_back(body.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

Status NoteAsker(const PeerEndpoints& peer, const HttpRequest& request) {
  const std::string* kiosk = request.Query("kiosk");
  if (kiosk == nullptr || kiosk->empty() || *kiosk == peer.kiosk) return Status::Ok();
  return peer.store->NotePeer(*kiosk, peer.clock->Now());
}

// The asker's kiosk and instance, when it named both.
std::optional<std::pair<std::string, std::string>> Asker(const HttpRequest& request) {
  const std::string* kiosk = request.Query("kiosk");
  const std::string* instance = request.Query("instance");
  if (kiosk == nullptr || kiosk->empty() || instance == nullptr || instance->empty()) return std::nullopt;
  return std::make_pair(*kiosk, *instance);
}

HttpResponse Hello(const PeerEndpoints& peer, const HttpRequest& request) {
  std::int64_t merged_through = 0;
  if (auto asker = Asker(request)) {
    Result<std::int64_t> cursor = peer.cursors->MergedThrough(asker->first, asker->second);
    if (!cursor.ok()) return StoreFailure(cursor.status());
    merged_through = *cursor;
  }
  if (Status noted = NoteAsker(peer, request); !noted.ok()) return StoreFailure(noted);
  return JsonAnswer(200, Value::object({{"kiosk", peer.kiosk},
                                        {"instance", peer.cursors->instance()},
                                        {"merged_through", merged_through}}));
}

HttpResponse Export(const PeerEndpoints& peer, const HttpRequest& request) {
  std::optional<std::int64_t> since = QueryNumber(request, "since", 0);
  std::optional<std::int64_t> limit = QueryNumber(request, "limit", 1000);
  if (!since || !limit || *limit == 0) {
    return ErrorAnswer(400, "since and limit are whole numbers, limit at least 1");
  }
  Result<ReplicaBatch> batch =
      peer.store->ExportSince(*since, std::min<std::size_t>(static_cast<std::size_t>(*limit), kMaxExportLimit));
  if (!batch.ok()) return StoreFailure(batch.status());
  if (Status noted = NoteAsker(peer, request); !noted.ok()) return StoreFailure(noted);
  HttpResponse answer;
  answer.content_type = "application/x-ndjson";
  for (const std::string& line : batch->lines) answer.body += line + "\n";
  answer.headers.emplace_back(kNextCursorHeader, std::to_string(batch->next_cursor));
  answer.headers.emplace_back(kMoreHeader, batch->more ? "true" : "false");
  return answer;
}

Value MergeCounts(const MergeReport& report) {
  return Value::object({{"added", static_cast<std::int64_t>(report.elements_added)},
                        {"duplicate", static_cast<std::int64_t>(report.elements_duplicate)},
                        {"conflict", static_cast<std::int64_t>(report.elements_conflict)},
                        {"unknown_queue", static_cast<std::int64_t>(report.elements_unknown_queue)},
                        {"deliveries_changed", static_cast<std::int64_t>(report.deliveries_changed)},
                        {"deliveries_kept", static_cast<std::int64_t>(report.deliveries_kept)}});
}

HttpResponse MergeFromPeer(const PeerEndpoints& peer, const HttpRequest& request) {
  std::optional<std::int64_t> cursor = QueryNumber(request, "cursor", -1);
  if (!cursor && request.Query("cursor") != nullptr) return ErrorAnswer(400, "cursor is a whole number");
  Result<MergeReport> merged =
      peer.store->Merge(*peer.layout, SplitLines(request.body), peer.clock->Now(), PoisonPolicy::kRefuseAll);
  if (!merged.ok()) return StoreFailure(merged.status());
  if (auto asker = Asker(request); asker && cursor && *cursor >= 0) {
    Status saved = peer.cursors->SetMergedThrough(asker->first, asker->second, *cursor);
    if (!saved.ok()) return StoreFailure(saved);
  }
  if (Status noted = NoteAsker(peer, request); !noted.ok()) return StoreFailure(noted);
  return JsonAnswer(200, MergeCounts(*merged));
}

}  // namespace

HttpResponse PeerEndpoints::operator()(const HttpRequest& request) const {
  struct Route {
    const char* method;
    const char* path;
    HttpResponse (*answer)(const PeerEndpoints&, const HttpRequest&);
  };
  static constexpr Route kRoutes[] = {{"GET", "/v1/outbox/hello", &Hello},
                                      {"GET", "/v1/outbox/export", &Export},
                                      {"POST", "/v1/outbox/merge", &MergeFromPeer}};
  bool path_known = false;
  for (const Route& route : kRoutes) {
    if (request.path != route.path) continue;
    path_known = true;
    if (request.method == route.method) return route.answer(*this, request);
  }
  return path_known ? ErrorAnswer(405, "method not allowed") : ErrorAnswer(404, "no such endpoint");
}

}  // namespace evt::outbox
