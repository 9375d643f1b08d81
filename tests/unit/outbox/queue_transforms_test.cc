#include "tools/outbox/queue_transforms.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "common/config.h"
#include "common/json_parse.h"
#include "tools/outbox/outbox_config.h"
#include "tools/outbox/rollup_store.h"

namespace evt::outbox {
namespace {

Value Json(std::string_view text) { return ParseJson(text, "test").value(); }
TimePoint At(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

Result<QueueTransforms> Read(std::string_view queue) {
  EVT_ASSIGN_OR_RETURN(ConfigObject o, ConfigObject::FromValue(Json(queue), "/outbox/queues/telemetry",
                                                                ConfigOrigin{"event.json", "/etc/evt"}));
  EVT_ASSIGN_OR_RETURN(QueueTransforms t, ReadQueueTransforms(o, "/etc/evt"));
  EVT_RETURN_IF_ERROR(o.Finish());
  return t;
}

TEST_CASE("queue transforms: a queue without the keys transforms nothing") {
  QueueTransforms t = Read("{}").value();
  QueueTransformer q = QueueTransformer::Make("telemetry", t, nullptr).value();
  Value r = Json(R"({"customer": "c", "ok": true})");
  q.Privatise(r);
  CHECK(r == Json(R"({"customer": "c", "ok": true})"));
  CHECK(q.Keeps(r, "x", At(0)));
  CHECK(q.TakeNotStored() == 0);
}

TEST_CASE("queue transforms: ship is records or rollups, and rollups needs a rollup") {
  CHECK(Read(R"({"ship": "rollups", "rollup": {}})").value().rollups_only);
  Result<QueueTransforms> alone = Read(R"({"ship": "rollups"})");
  REQUIRE_FALSE(alone.ok());
  CHECK(alone.status().code() == ExitCode::kConfig);
  CHECK_THAT(alone.status().message(), Catch::Contains("/outbox/queues/telemetry/ship"));
  CHECK_FALSE(Read(R"({"ship": "everything"})").ok());
  CHECK_THAT(Read(R"({"rollup": {"intervl": "1m"}})").status().message(), Catch::Contains("intervl"));
  CHECK_FALSE(Read(R"({"rollup": {"interval": "10ms"}})").ok());
}

TEST_CASE("queue transforms: roll-ups count every record offered, sampling keeps failures, the rest are counted out") {
  RollupStore store = RollupStore::OpenMemory().value();
  QueueTransforms t =
      Read(R"({"sampling": {"keep": 0}, "rollup": {"interval": "1m", "by": ["kind"]}})").value();
  QueueTransformer q = QueueTransformer::Make("telemetry", t, &store).value();
  int kept = 0;
  for (int i = 0; i < 10; ++i) {
    const Value r = Json(i < 3 ? R"({"kind": "probe", "ok": false})" : R"({"kind": "probe", "ok": true})");
    if (q.Keeps(r, "id" + std::to_string(i), At(1000 + i))) ++kept;
  }
  CHECK(kept == 3);
  CHECK(q.TakeNotStored() == 7);
  CHECK(q.TakeNotStored() == 0);
  REQUIRE(q.SaveRollups().ok());
  CHECK(q.SealClosed("kiosk-a", At(59'000)).value().empty());
  std::vector<OutboxRecord> sealed = q.SealClosed("kiosk-a", At(60'000)).value();
  REQUIRE(sealed.size() == 1);
  const Value record = ParseJson(sealed[0].line, "sealed").value();
  CHECK(record.find("count")->as_int() == 10);
  CHECK(record.find("errors")->as_int() == 3);
  CHECK(sealed[0].id == record.find("id")->as_string());
  CHECK(sealed[0].queue == "telemetry");
  REQUIRE(q.ForgetSealed().ok());
  CHECK(q.SealClosed("kiosk-a", At(600'000)).value().empty());
}

TEST_CASE("queue transforms: ship rollups stores no record but counts them all") {
  RollupStore store = RollupStore::OpenMemory().value();
  QueueTransformer q =
      QueueTransformer::Make("telemetry", Read(R"({"ship": "rollups", "rollup": {}})").value(), &store).value();
  CHECK_FALSE(q.Keeps(Json(R"({"ok": false})"), "a", At(0)));
  CHECK_FALSE(q.Keeps(Json(R"({"ok": true})"), "b", At(0)));
  CHECK(q.TakeNotStored() == 2);
}

TEST_CASE("queue transforms: the outbox section reads the keys strictly, naming the queue") {
  char pattern[] = "/tmp/evt-queue-transforms-test-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  const std::string path = dir + "/event.json";
  std::ofstream(path) << R"({"site": {"name": "t"}, "outbox": {"kiosk": "k", "queues": {"telemetry": {
      "class": "non-essential", "sampling": {"keep": 0.5, "slow": 500}}}}})";
  Result<Config> config = LoadConfig(path);
  std::remove(path.c_str());
  rmdir(dir.c_str());
  REQUIRE(config.ok());
  Result<OutboxConfig> read = ReadOutboxConfig(*config);
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().code() == ExitCode::kConfig);
  CHECK_THAT(read.status().message(), Catch::Contains("/outbox/queues/telemetry/sampling/slow"));
}

}  // namespace
}  // namespace evt::outbox
