// The grow-only-set engine on its own, with a test table of notes: each
// note an id, a JSON body (its content, kept as the text it arrived as) and
// the wall time it claims. Two schemas over the same table, one per
// conflict rule, so that both rules are tested without a tool.
#include "common/grow_only_set.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/json_parse.h"

namespace evt {
namespace {

struct Note {
  std::string id;
  std::string body;  // JSON text
  std::int64_t stamp_ms = 0;
};

const std::vector<Migration>& NoteMigrations() {
  static const std::vector<Migration> migrations = {
      {1,
       "CREATE TABLE notes (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL,"
       " stamp_ms INTEGER NOT NULL, quarantined_ms INTEGER)"},
  };
  return migrations;
}

template <GsetConflictRule kRule>
struct NoteSchema {
  using Element = Note;
  static constexpr GsetConflictRule kOnConflict = kRule;
  static const GsetTable& Table() {
    static const GsetTable table{"notes", "id", "seq", "id, body, stamp_ms", "quarantined_ms"};
    return table;
  }
  static std::string_view Id(const Note& n) { return n.id; }
  static Value Content(const Note& n) {
    Result<Value> body = ParseJson(n.body, "note");
    return body.ok() ? *body : Value(n.body);
  }
  static Result<Note> Read(StatementCache&, const Statement& row) {
    return Note{row.ColumnText(0), row.ColumnText(1), row.ColumnInt64(2)};
  }
  // A body of "!" cannot be written: how a test fails a batch half way.
  static Status Insert(StatementCache& db, const Note& n) {
    if (n.body == "!") return Status::DataErr("note " + n.id + ": refused");
    Result<Statement*> insert = db.Get("INSERT INTO notes (id, body, stamp_ms) VALUES (?1, ?2, ?3)");
    if (!insert.ok()) return insert.status();
    EVT_RETURN_IF_ERROR((*insert)->BindAll({n.id, n.body, n.stamp_ms}));
    return (*insert)->Run();
  }
  // The smaller canonical body wins: a total order on the versions of one
  // id that, like the tools' orders, does not tell apart what is the same.
  static bool Preferred(const Note& a, const Note& b) { return Canonical(a) < Canonical(b); }
  static std::string Canonical(const Note& n) {
    Result<std::string> text = CanonicalJson(Content(n));
    return text.ok() ? *text : n.body;
  }
  static std::int64_t StampMs(const Note& n) { return n.stamp_ms; }
};

using KeepHere = GrowOnlySet<NoteSchema<GsetConflictRule::kKeepHere>>;
using KeepPreferred = GrowOnlySet<NoteSchema<GsetConflictRule::kKeepPreferred>>;

template <typename Set>
Set Memory() {
  Result<Store> store = Store::OpenMemory("notes", NoteMigrations());
  REQUIRE(store.ok());
  return Set(std::move(*store));
}

template <typename Set>
typename Set::Report Import(Set& set, const std::vector<Note>& notes,
                            std::optional<GsetDriftBound> drift = std::nullopt) {
  auto report = set.Import(notes, drift);
  REQUIRE(report.ok());
  return *report;
}

// The set as a map from id to canonical content: what replicas must agree on.
template <typename Set>
std::map<std::string, std::string> Contents(Set& set) {
  auto all = set.Export(0);
  REQUIRE(all.ok());
  std::map<std::string, std::string> out;
  for (const auto& entry : *all) {
    out[entry.element.id] = NoteSchema<GsetConflictRule::kKeepHere>::Canonical(entry.element);
  }
  return out;
}

template <typename Set>
std::vector<Note> Elements(Set& set) {
  auto all = set.Export(0);
  REQUIRE(all.ok());
  std::vector<Note> out;
  for (auto& entry : *all) out.push_back(entry.element);
  return out;
}

}  // namespace

TEST_CASE("grow-only set: merging the same batch again adds nothing") {
  KeepHere set = Memory<KeepHere>();
  std::vector<Note> batch = {{"a", R"({"n":1})", 10}, {"b", R"({"n":2})", 20}};
  auto first = Import(set, batch);
  CHECK(first.counts.added == 2);
  CHECK(first.outcomes == std::vector<GsetOutcome>{GsetOutcome::kAdded, GsetOutcome::kAdded});
  auto again = Import(set, batch);
  CHECK(again.counts.added == 0);
  CHECK(again.counts.duplicate == 2);
  CHECK(again.counts.conflict == 0);
  auto size = set.Size();
  REQUIRE(size.ok());
  CHECK(size->elements == 2);
}

TEST_CASE("grow-only set: the same content written differently is a duplicate, other content a conflict") {
  KeepHere set = Memory<KeepHere>();
  Import(set, {{"a", R"({"n":1,"tags":["x"]})", 10}});
  // Member order, whitespace and 1.0 for 1 do not change the canonical form.
  auto same = Import(set, {{"a", R"({ "tags" : [ "x" ], "n" : 1.0 })", 10}});
  CHECK(same.counts.duplicate == 1);
  CHECK(same.counts.conflict == 0);
  auto other = Import(set, {{"a", R"({"n":2,"tags":["x"]})", 10}});
  CHECK(other.counts.conflict == 1);
  REQUIRE(other.conflicts.size() == 1);
  CHECK(other.conflicts[0].here.body == R"({"n":1,"tags":["x"]})");
  CHECK_FALSE(other.conflicts[0].kept_incoming);
  CHECK(Elements(set).front().body == R"({"n":1,"tags":["x"]})");  // kept what was here
  auto match = set.Match({"a", R"({"n":2})", 10});
  REQUIRE(match.ok());
  CHECK(match->outcome == GsetOutcome::kConflict);
  auto fresh = set.Match({"z", "{}", 0});
  REQUIRE(fresh.ok());
  CHECK(fresh->outcome == GsetOutcome::kAdded);
  CHECK_FALSE(fresh->here);
}

TEST_CASE("grow-only set: the preferred version replaces the one here with a new seq") {
  KeepPreferred set = Memory<KeepPreferred>();
  Import(set, {{"a", R"({"v":"b"})", 10}, {"b", R"({"v":"c"})", 10}});
  auto report = Import(set, {{"a", R"({"v":"a"})", 10}, {"b", R"({"v":"z"})", 10}});
  CHECK(report.counts.conflict == 2);
  CHECK(report.counts.replaced == 1);
  REQUIRE(report.conflicts.size() == 2);
  CHECK(report.conflicts[0].kept_incoming);
  CHECK_FALSE(report.conflicts[1].kept_incoming);
  auto after = set.Export(2);  // past the two first seqs: only the replacement
  REQUIRE(after.ok());
  REQUIRE(after->size() == 1);
  CHECK(after->front().element.body == R"({"v":"a"})");
  CHECK(after->front().seq == 3);
}

TEST_CASE("grow-only set: export since a cursor is every later element, in seq order") {
  KeepHere set = Memory<KeepHere>();
  Import(set, {{"c", "{}", 1}, {"a", "{}", 2}});
  Import(set, {{"b", "{}", 3}});
  auto all = set.Export(0);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK(all->at(0).element.id == "c");
  CHECK(all->at(1).element.id == "a");
  CHECK(all->at(2).element.id == "b");
  auto later = set.Export(all->at(1).seq);
  REQUIRE(later.ok());
  REQUIRE(later->size() == 1);
  CHECK(later->front().element.id == "b");
  auto none = set.Export(all->at(2).seq);
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("grow-only set: an element stamped past the drift bound is added quarantined") {
  KeepHere set = Memory<KeepHere>();
  GsetDriftBound drift{1000, 500};
  auto report = Import(set, {{"late", "{}", 900}, {"edge", "{}", 1500}, {"ahead", "{}", 1501}}, drift);
  CHECK(report.counts.added == 2);
  CHECK(report.counts.quarantined == 1);
  CHECK(report.outcomes.back() == GsetOutcome::kQuarantined);
  auto quarantined = set.Quarantined();
  REQUIRE(quarantined.ok());
  REQUIRE(quarantined->size() == 1);
  CHECK(quarantined->front().element.id == "ahead");
  CHECK(quarantined->front().quarantined);
  auto size = set.Size();
  REQUIRE(size.ok());
  CHECK(size->elements == 3);
  CHECK(size->quarantined == 1);
}

TEST_CASE("grow-only set: a tighter bound later quarantines what it no longer admits, a dry run only counts") {
  KeepHere set = Memory<KeepHere>();
  Import(set, {{"a", "{}", 100}, {"b", "{}", 5000}, {"c", "{}", 200}});
  GsetDriftBound tighter{1000, 10};
  auto dry = set.QuarantinePast(tighter, /*dry_run=*/true);
  REQUIRE(dry.ok());
  CHECK(dry->quarantined == 1);
  CHECK(set.Quarantined()->empty());
  auto rebound = set.QuarantinePast(tighter, /*dry_run=*/false);
  REQUIRE(rebound.ok());
  CHECK(rebound->quarantined == 1);
  REQUIRE(rebound->on_time.size() == 2);
  CHECK(rebound->on_time[0].id == "a");
  CHECK(rebound->on_time[1].id == "c");
  REQUIRE(set.Quarantined()->size() == 1);
  CHECK(set.Quarantined()->front().element.id == "b");
}

TEST_CASE("grow-only set: a failed batch leaves the set as it was") {
  KeepHere set = Memory<KeepHere>();
  Import(set, {{"a", "{}", 1}});
  auto failed = set.Import({{"b", "{}", 1}, {"c", "!", 1}}, std::nullopt);
  CHECK(failed.status().message() == "note c: refused");
  std::vector<Note> after = Elements(set);
  REQUIRE(after.size() == 1);
  CHECK(after.front().id == "a");
}

// Two replicas fed random notes (ids and contents from small pools, so
// duplicates and conflicts happen) converge whichever way they merge, and
// merging again changes nothing.
TEST_CASE("grow-only set: merging two replicas is commutative and idempotent (random notes)") {
  const char* env = std::getenv("EVT_TEST_SEED");
  std::uint32_t seed = env != nullptr && *env != '\0' ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
                                                      : std::random_device{}();
  std::cout << "grow_only_set_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937 rng(seed);
  auto pick = [&rng](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const std::vector<std::string> bodies = {R"({"n":1})", R"({ "n": 1.0 })", R"({"n":2})", R"({"m":[1,2]})",
                                           R"({"m":[2,1]})"};
  for (int round = 0; round < 20; ++round) {
    INFO("seed " << seed << ", round " << round);
    KeepPreferred a = Memory<KeepPreferred>();
    KeepPreferred b = Memory<KeepPreferred>();
    for (int i = 0; i < 30; ++i) {
      Note note{"n" + std::to_string(pick(12)), bodies[static_cast<std::size_t>(pick(5))], pick(100)};
      Import(pick(2) == 0 ? a : b, {note});
    }
    std::vector<Note> from_a = Elements(a);
    std::vector<Note> from_b = Elements(b);
    KeepPreferred ab = Memory<KeepPreferred>();
    Import(ab, from_a);
    Import(ab, from_b);
    KeepPreferred ba = Memory<KeepPreferred>();
    Import(ba, from_b);
    Import(ba, from_a);
    Import(a, from_b);
    Import(b, from_a);
    std::map<std::string, std::string> converged = Contents(ab);
    CHECK(Contents(ba) == converged);
    CHECK(Contents(a) == converged);
    CHECK(Contents(b) == converged);
    auto again = Import(a, Elements(b));
    CHECK(again.counts.added == 0);
    CHECK(again.counts.conflict == 0);
    CHECK(Contents(a) == converged);
  }
}

}  // namespace evt
