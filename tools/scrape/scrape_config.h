// The `scrape` section of the config: the sources, each with how to fetch
// it and how to map what it gives to metrics.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/config.h"
#include "common/secret.h"
#include "common/status.h"
#include "tools/scrape/agent_config.h"
#include "tools/scrape/body_limit.h"
#include "tools/scrape/html_json.h"
#include "tools/scrape/json_path.h"
#include "tools/scrape/mapping.h"

namespace evt::scrape {

enum class SourceKind { kJson, kHtml, kPrometheus, kNut };

struct Login {
  std::string url;
  std::string method = "POST";
  std::string content_type;  // application/json or application/x-www-form-urlencoded
  std::string body;          // secrets resolved: never print it
  std::optional<JsonPath> token_path;  // a token in the JSON reply, else the session is its cookies
};

struct Auth {
  enum class Kind { kNone, kBasic, kBearer, kApiKey, kLogin } kind = Kind::kNone;
  std::string user;            // kBasic
  std::optional<Secret> secret;  // password, token or key
  std::string header;          // kApiKey: the header's name
  Login login;
};

struct Pagination {
  enum class Kind { kNone, kNextPath, kLinkHeader, kCursor, kPage } kind = Kind::kNone;
  std::optional<JsonPath> path;  // kNextPath: the next URL; kCursor: the next cursor
  std::string param;             // kCursor, kPage: the query parameter
  std::int64_t first_page = 1;   // kPage
  std::int64_t max_pages = 10;
  bool resume = false;           // kCursor: start from the cursor the last run ended at
};

struct Source {
  std::string name;
  SourceKind kind = SourceKind::kJson;
  std::string url;
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> headers;  // values may be secrets: never print them
  bool secret_headers = false;  // one of `headers` came from a secret
  std::string body;
  Auth auth;
  HtmlJsonSpec html;
  Pagination pagination;
  Mapping mapping;
  // Prometheus: which families to keep (exact names or globs with *), and
  // labels every kept sample must carry.
  std::vector<std::string> match;
  std::vector<std::pair<std::string, std::string>> match_labels;
  std::optional<bool> openmetrics;  // absent: by the response's Content-Type
  // NUT
  std::string nut_host;
  int nut_port = 3493;
  std::string ups;
  // Every fetch
  std::int64_t retries = 2;
  std::chrono::milliseconds backoff{200};
  std::chrono::milliseconds max_backoff{5000};
  std::chrono::milliseconds timeout{10000};
  std::chrono::milliseconds min_interval{0};  // the rate limit: at least this between requests
  std::uint64_t max_body = kDefaultMaxBody;    // decoded bytes, per response
};

struct ScrapeConfig {
  std::vector<Source> sources;
  std::optional<AgentSettings> agent;  // for `agent-config`
};

Result<ScrapeConfig> ReadScrapeConfig(const Config& config);

}  // namespace evt::scrape
