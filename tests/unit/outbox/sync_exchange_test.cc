// evt-outbox sync against a real serve (HttpServer + PeerEndpoints) on
// loopback: both kiosks end with the union, and a failed exchange changes
// nothing here.
#include <catch2/catch.hpp>

#include "common/record_schema.h"
#include "tests/unit/outbox/sync_test_kiosk.h"

namespace evt::outbox {
namespace {

using testing::Kiosk;

std::set<std::string> Union(std::set<std::string> a, const std::set<std::string>& b) {
  a.insert(b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("sync: one exchange leaves both kiosks with every order of both") {
  Kiosk a("kiosk-a"), b("kiosk-b");
  a.PutOrders({"o-a1", "o-a2", "o-a3"});
  b.PutOrders({"o-b1", "o-b2"});
  b.Serve("mesh");

  auto report = SyncWithPeer(a.Context(), b.Target("mesh"));
  REQUIRE(report.ok());
  CHECK(report->peer == "kiosk-b");
  CHECK(report->peer_kiosk == "kiosk-b");
  CHECK(report->added_here == 2);
  CHECK(report->added_there == 3);
  CHECK(report->conflicts == 0);
  std::set<std::string> all = {"o-a1", "o-a2", "o-a3", "o-b1", "o-b2"};
  CHECK(a.Ids() == all);
  CHECK(b.Ids() == all);
  Status valid = BuiltinRecordSchemas().Validate(SyncRecord(*report));
  INFO(valid.message());
  CHECK(valid.ok());
}

TEST_CASE("sync: each side notes the other as heard from, for takeover") {
  Kiosk a("kiosk-a"), b("kiosk-b");
  b.Serve();
  a.clock.Advance(std::chrono::seconds(7));
  REQUIRE(SyncWithPeer(a.Context(), b.Target()).ok());
  auto seen_by_a = a.store.PeerLastSeen("kiosk-b");
  auto seen_by_b = b.store.PeerLastSeen("kiosk-a");
  REQUIRE(seen_by_a.ok());
  REQUIRE(seen_by_b.ok());
  CHECK(*seen_by_a == a.clock.Now());
  CHECK(*seen_by_b == b.clock.Now());
}

TEST_CASE("sync: a second exchange moves only what changed since the first") {
  Kiosk a("kiosk-a"), b("kiosk-b");
  a.PutOrders({"o-a1"});
  b.PutOrders({"o-b1"});
  b.Serve();
  REQUIRE(SyncWithPeer(a.Context(), b.Target()).ok());
  b.PutOrders({"o-b2"});
  a.PutOrders({"o-a2"});

  auto again = SyncWithPeer(a.Context(), b.Target());
  REQUIRE(again.ok());
  CHECK(again->added_here == 1);
  CHECK(again->added_there == 1);
  CHECK(a.Ids() == Union({"o-a1", "o-a2"}, {"o-b1", "o-b2"}));
  CHECK(b.Ids() == a.Ids());

  auto quiet = SyncWithPeer(a.Context(), b.Target());
  REQUIRE(quiet.ok());
  CHECK(quiet->added_here == 0);
  CHECK(quiet->added_there == 0);
}

TEST_CASE("sync: a peer rebuilt under the same name is pulled from its start, not from the old cursor") {
  Kiosk a("kiosk-a");
  {
    Kiosk old_b("kiosk-b");
    old_b.PutOrders({"o-old1", "o-old2", "o-old3", "o-old4"});
    old_b.Serve();
    REQUIRE(SyncWithPeer(a.Context(), old_b.Target()).ok());
  }
  Kiosk new_b("kiosk-b");  // wiped and set up again: its export counts from 1
  new_b.PutOrders({"o-new1"});
  new_b.Serve();
  auto report = SyncWithPeer(a.Context(), new_b.Target());
  REQUIRE(report.ok());
  CHECK(report->added_here == 1);
  CHECK(report->added_there == 4);
  CHECK(a.Ids().count("o-new1") == 1);
  CHECK(new_b.Ids().size() == 5);
}

TEST_CASE("sync: pages of the peer's export are pulled and pushed until none is left") {
  Kiosk a("kiosk-a"), b("kiosk-b");
  std::vector<std::string> a_ids, b_ids;
  for (int i = 0; i < 25; ++i) a_ids.push_back("o-a" + std::to_string(i));
  for (int i = 0; i < 17; ++i) b_ids.push_back("o-b" + std::to_string(i));
  a.PutOrders(a_ids);
  b.PutOrders(b_ids);
  b.Serve();
  PeerTarget target = b.Target();
  target.page_lines = 4;
  auto report = SyncWithPeer(a.Context(), target);
  REQUIRE(report.ok());
  CHECK(report->added_here == 17);
  CHECK(report->added_there == 25);
  CHECK(a.Ids().size() == 42);
  CHECK(b.Ids() == a.Ids());
}

TEST_CASE("sync: a delivery made on one kiosk reaches the other") {
  Kiosk a("kiosk-a"), b("kiosk-b");
  a.PutOrders({"o-a1"});
  b.Serve();
  REQUIRE(SyncWithPeer(a.Context(), b.Target()).ok());
  auto marked = b.store.MarkDelivered("o-a1", "shop", b.clock.Now(), 201, "kiosk-b");
  REQUIRE(marked.ok());
  CHECK(*marked);

  auto report = SyncWithPeer(a.Context(), b.Target());
  REQUIRE(report.ok());
  CHECK(report->deliveries_changed == 1);
  auto row = a.store.FindDelivery("o-a1", "shop");
  REQUIRE(row.ok());
  REQUIRE(row->has_value());
  CHECK((*row)->state == DeliveryState::kDelivered);
  CHECK((*row)->by == "kiosk-b");
}

TEST_CASE("sync: an unreachable peer is 69 and nothing changes here") {
  Kiosk a("kiosk-a"), b("kiosk-b");
  a.PutOrders({"o-a1"});
  b.Serve();
  PeerTarget target = b.Target();
  b.server.reset();  // the port is closed now
  std::vector<std::string> before = a.ExportLines();
  auto report = SyncWithPeer(a.Context(), target);
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().code() == ExitCode::kUnavailable);
  CHECK_THAT(report.status().message(), Catch::Contains("sync with kiosk-b (" + target.url + ")"));
  CHECK(a.ExportLines() == before);
  CHECK(*a.cursors.MergedThrough("kiosk-b", b.cursors.instance()) == 0);
}

TEST_CASE("sync: a peer refusing our token is 78 naming the token, and neither side stores anything") {
  Kiosk a("kiosk-a"), b("kiosk-b");
  a.PutOrders({"o-a1"});
  b.PutOrders({"o-b1"});
  b.Serve("right-token");
  for (std::optional<std::string> token : {std::optional<std::string>("wrong-token"), std::optional<std::string>()}) {
    auto report = SyncWithPeer(a.Context(), b.Target(token));
    REQUIRE_FALSE(report.ok());
    CHECK(report.status().code() == ExitCode::kConfig);
    CHECK_THAT(report.status().message(),
               Catch::Contains(token ? "<secret from test token file>" : "no token is set for this peer"));
    CHECK_THAT(report.status().message(), !Catch::Contains("right-token") && !Catch::Contains("wrong-token"));
  }
  CHECK(a.Ids() == std::set<std::string>{"o-a1"});
  CHECK(b.Ids() == std::set<std::string>{"o-b1"});
}

TEST_CASE("sync: a peer that calls itself by our name is refused (78) before any line moves") {
  Kiosk a("kiosk-a"), impostor("kiosk-a");
  impostor.PutOrders({"o-x1"});
  impostor.Serve();
  auto report = SyncWithPeer(a.Context(), impostor.Target());
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().code() == ExitCode::kConfig);
  CHECK(a.Ids().empty());
}

TEST_CASE("sync: lines from the peer that do not read are 65 and none of that page is stored") {
  Kiosk a("kiosk-a");
  a.PutOrders({"o-a1"});
  ManualClock clock(testing::Start());
  auto liar = HttpServer::Start(HttpServerOptions{}, [](const HttpRequest& request) {
    HttpResponse answer;
    if (request.path == "/v1/outbox/hello") {
      answer.body = "{\"kiosk\":\"kiosk-z\",\"instance\":\"iz\",\"merged_through\":0}";
    } else {
      answer.body =
          "{\"kind\":\"outbox.element\",\"id\":\"o-z1\",\"queue\":\"orders\",\"origin\":\"kiosk-z\","
          "\"captured\":\"2026-12-05T10:00:00.000Z\",\"record\":{\"id\":\"o-z1\"}}\nnot json\n";
      answer.headers.emplace_back("X-Evt-Next-Cursor", "2");
      answer.headers.emplace_back("X-Evt-More", "false");
    }
    return answer;
  });
  REQUIRE(liar.ok());
  PeerTarget target;
  target.name = "kiosk-z";
  target.url = "http://" + (*liar)->address();
  auto report = SyncWithPeer(a.Context(), target);
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().code() == ExitCode::kDataErr);
  CHECK(a.Ids() == std::set<std::string>{"o-a1"});
  CHECK(*a.cursors.MergedThrough("kiosk-z", "iz") == 0);
}

}  // namespace evt::outbox
