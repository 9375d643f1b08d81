#include "tools/outbox/sync_client.h"

#include <curl/curl.h>

#include <charconv>
#include <map>
#include <vector>

#include "common/ascii_case.h"
#include "common/json_parse.h"
#include "common/percent_encoding.h"
#include "common/time_format.h"
#include "tools/outbox/peer_endpoints.h"

namespace evt::outbox {
namespace {

struct PeerAnswer {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lowercased
};

std::size_t AppendBody(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::size_t AppendHeader(char* data, std::size_t size, std::size_t count, void* out) {
  std::string_view line(data, size * count);
  std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    (*static_cast<std::map<std::string, std::string>*>(out))[AsciiLowercase(line.substr(0, colon))] =
        std::string(value);
  }
  return size * count;
}

std::string Describe(const PeerTarget& peer) { return "sync with " + peer.name + " (" + peer.url + ")"; }

std::string BaseUrl(const PeerTarget& peer) {
  std::string url = peer.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// One request to the peer. A request that got no answer is Unavailable;
// what the answer means is the caller's to judge (CheckAnswer).
Result<PeerAnswer> Call(const PeerTarget& peer, const std::string& method, const std::string& path_and_query,
                        const std::string& body = "") {
  PeerAnswer answer;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return Status::Internal(Describe(peer) + ": cannot start libcurl");
  std::string url = BaseUrl(peer) + path_and_query;
  std::string authorization = peer.token ? "Authorization: Bearer " + peer.token->bytes() : "";
  curl_slist* headers = nullptr;
  if (peer.token) headers = curl_slist_append(headers, authorization.c_str());
  headers = curl_slist_append(headers, "Content-Type: application/x-ndjson");
  headers = curl_slist_append(headers, "Expect:");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers, &curl_slist_free_all);
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<std::int64_t>(peer.timeout.count(), 5000)));
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(peer.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, &AppendHeader);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &answer.headers);
  if (method == "POST") {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) {
    return Status::Unavailable(Describe(peer) + ": no answer: " + (error[0] ? error : curl_easy_strerror(code)) +
                               "; nothing changed here");
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

Status CheckAnswer(const PeerTarget& peer, const PeerAnswer& answer, std::string_view what) {
  if (answer.status == 200) return Status::Ok();
  std::string where = Describe(peer) + ": " + std::string(what);
  if (answer.status == 401) {
    return Status::Config(where + ": the peer refused our token (" +
                          (peer.token ? peer.token->Redacted() : std::string("no token is set for this peer")) +
                          "): both kiosks need the same mesh token");
  }
  std::string said = answer.body.substr(0, 300);
  while (!said.empty() && said.back() == '\n') said.pop_back();
  if (answer.status == 400) return Status::DataErr(where + ": the peer refused our lines: " + said);
  return Status::Unavailable(where + ": the peer answered " + std::to_string(answer.status) + ": " + said);
}

Result<std::int64_t> ReadCount(const Value& object, std::string_view key, std::string_view where) {
  const Value* value = object.find(key);
  if (value == nullptr || !value->is_int() || value->as_int() < 0) {
    return Status::DataErr(std::string(where) + ": /" + std::string(key) + ": expected a whole number");
  }
  return value->as_int();
}

Result<Value> ParseObject(const PeerTarget& peer, const PeerAnswer& answer, std::string_view what) {
  std::string where = Describe(peer) + ": " + std::string(what);
  EVT_ASSIGN_OR_RETURN(Value parsed, ParseJson(answer.body, where));
  if (!parsed.is_object()) return Status::DataErr(where + ": expected a JSON object");
  return parsed;
}

struct Hello {
  std::string kiosk;
  std::string instance;
  std::int64_t merged_through = 0;  // of our export, by the peer
};

// "kiosk=…&instance=…": who we are, on every request.
std::string Us(const SyncContext& context) {
  return "kiosk=" + PercentEncoded(context.kiosk) + "&instance=" + PercentEncoded(context.cursors->instance());
}

Result<std::string> ReadName(const Value& object, std::string_view key, std::string_view where) {
  const Value* value = object.find(key);
  if (value == nullptr || !value->is_string() || value->as_string().empty()) {
    return Status::DataErr(std::string(where) + ": /" + std::string(key) + ": expected a non-empty string");
  }
  return value->as_string();
}

Result<Hello> SayHello(const SyncContext& context, const PeerTarget& peer) {
  EVT_ASSIGN_OR_RETURN(PeerAnswer answer, Call(peer, "GET", "/v1/outbox/hello?" + Us(context)));
  EVT_RETURN_IF_ERROR(CheckAnswer(peer, answer, "hello"));
  EVT_ASSIGN_OR_RETURN(Value hello, ParseObject(peer, answer, "hello"));
  std::string where = Describe(peer) + ": hello";
  Hello said;
  EVT_ASSIGN_OR_RETURN(said.kiosk, ReadName(hello, "kiosk", where));
  EVT_ASSIGN_OR_RETURN(said.instance, ReadName(hello, "instance", where));
  EVT_ASSIGN_OR_RETURN(said.merged_through, ReadCount(hello, "merged_through", where));
  return said;
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

Result<std::int64_t> HeaderNumber(const PeerTarget& peer, const PeerAnswer& answer, std::string_view name) {
  auto found = answer.headers.find(AsciiLowercase(name));
  std::int64_t value = -1;
  if (found != answer.headers.end()) {
    const std::string& text = found->second;
    std::from_chars(text.data(), text.data() + text.size(), value);
  }
  if (value < 0) return Status::DataErr(Describe(peer) + ": export: the " + std::string(name) + " header is missing");
  return value;
}

Status Pull(const SyncContext& context, const PeerTarget& peer, const Hello& hello, SyncReport& report) {
  EVT_ASSIGN_OR_RETURN(std::int64_t cursor, context.cursors->MergedThrough(hello.kiosk, hello.instance));
  for (;;) {
    EVT_ASSIGN_OR_RETURN(PeerAnswer answer, Call(peer, "GET",
                                                 "/v1/outbox/export?since=" + std::to_string(cursor) +
                                                     "&limit=" + std::to_string(peer.page_lines) + "&" +
                                                     Us(context)));
    EVT_RETURN_IF_ERROR(CheckAnswer(peer, answer, "export"));
    EVT_ASSIGN_OR_RETURN(std::int64_t next, HeaderNumber(peer, answer, kNextCursorHeader));
    auto more = answer.headers.find(AsciiLowercase(kMoreHeader));
    std::vector<std::string> lines = SplitLines(answer.body);
    if (!lines.empty()) {
      Result<MergeReport> merged =
          context.store->Merge(*context.layout, lines, context.clock->Now(), PoisonPolicy::kRefuseAll);
      if (!merged.ok()) return merged.status().Prefixed(Describe(peer) + ": export since " + std::to_string(cursor));
      report.pulled += static_cast<std::int64_t>(lines.size());
      report.added_here += static_cast<std::int64_t>(merged->elements_added);
      report.conflicts += static_cast<std::int64_t>(merged->elements_conflict);
      report.deliveries_changed += static_cast<std::int64_t>(merged->deliveries_changed);
    }
    EVT_RETURN_IF_ERROR(context.cursors->SetMergedThrough(hello.kiosk, hello.instance, next));
    bool has_more = more != answer.headers.end() && more->second == "true";
    if (!has_more || next <= cursor) return Status::Ok();
    cursor = next;
  }
}

Status Push(const SyncContext& context, const PeerTarget& peer, std::int64_t cursor, SyncReport& report) {
  for (;;) {
    EVT_ASSIGN_OR_RETURN(ReplicaBatch batch, context.store->ExportSince(cursor, peer.page_lines));
    if (batch.lines.empty() && batch.next_cursor == cursor) return Status::Ok();
    std::string body;
    for (const std::string& line : batch.lines) body += line + "\n";
    EVT_ASSIGN_OR_RETURN(PeerAnswer answer,
                         Call(peer, "POST",
                              "/v1/outbox/merge?" + Us(context) + "&cursor=" + std::to_string(batch.next_cursor),
                              body));
    EVT_RETURN_IF_ERROR(CheckAnswer(peer, answer, "merge"));
    EVT_ASSIGN_OR_RETURN(Value merged, ParseObject(peer, answer, "merge"));
    std::string where = Describe(peer) + ": merge";
    EVT_ASSIGN_OR_RETURN(std::int64_t added, ReadCount(merged, "added", where));
    EVT_ASSIGN_OR_RETURN(std::int64_t conflicts, ReadCount(merged, "conflict", where));
    report.pushed += static_cast<std::int64_t>(batch.lines.size());
    report.added_there += added;
    report.conflicts += conflicts;
    if (!batch.more || batch.next_cursor <= cursor) return Status::Ok();
    cursor = batch.next_cursor;
  }
}

}  // namespace

Result<SyncReport> SyncWithPeer(const SyncContext& context, const PeerTarget& peer) {
  SyncReport report;
  report.peer = peer.name;
  report.at = context.clock->Now();
  auto started = context.clock->Monotonic();
  EVT_ASSIGN_OR_RETURN(Hello hello, SayHello(context, peer));
  report.peer_kiosk = hello.kiosk;
  if (hello.kiosk == context.kiosk) {
    return Status::Config(Describe(peer) + ": the peer calls itself " + hello.kiosk +
                          ", as this kiosk does: every kiosk needs its own outbox.kiosk name");
  }
  EVT_RETURN_IF_ERROR(Pull(context, peer, hello, report));
  EVT_RETURN_IF_ERROR(Push(context, peer, hello.merged_through, report));
  EVT_RETURN_IF_ERROR(context.store->NotePeer(hello.kiosk, context.clock->Now()));
  report.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(context.clock->Monotonic() - started).count();
  return report;
}

Value SyncRecord(const SyncReport& report) {
  Value record = Value::object({{"kind", "outbox.sync"}, {"v", 1}, {"ts", FormatRfc3339(report.at)}});
  record.set("peer", report.peer);
  record.set("peer_kiosk", report.peer_kiosk);
  record.set("pulled", report.pulled);
  record.set("pushed", report.pushed);
  record.set("added_here", report.added_here);
  record.set("added_there", report.added_there);
  record.set("conflicts", report.conflicts);
  record.set("deliveries_changed", report.deliveries_changed);
  record.set("duration_ms", report.duration_ms);
  return record;
}

}  // namespace evt::outbox
