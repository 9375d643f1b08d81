// "Nothing is lost": a writer killed with SIGKILL at any moment leaves the
// state before or after each whole transaction, never between, and keeps
// every transaction it reported committed.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "common/store.h"
#include "tests/unit/store_test_util.h"

namespace evt {
namespace {

using Clock = std::chrono::steady_clock;

using namespace store_test;

// Each transaction `tx` writes `pairs` pairs of ledger rows (+a, -a), every
// row saying how many pairs its transaction wrote, and sets counter.n = tx.
const std::vector<Migration> kLedgerSchema = {
    {1,
     "CREATE TABLE ledger(id INTEGER PRIMARY KEY, tx INTEGER NOT NULL, pairs INTEGER NOT NULL,"
     "                    amount INTEGER NOT NULL, payload BLOB);"
     "CREATE INDEX ledger_tx ON ledger(tx);"
     "CREATE TABLE counter(id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);"
     "INSERT INTO counter VALUES(1, 0);"},
};

Status WriteOneTransaction(Store& store, Statement& insert, Statement& bump, std::mt19937_64& rng) {
  Result<Transaction> tx = Transaction::Begin(store, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  EVT_RETURN_IF_ERROR(bump.Run());
  Result<Statement> read = store.Prepare("SELECT n FROM counter");
  if (!read.ok()) return read.status();
  Result<bool> row = read->Step();
  if (!row.ok()) return row.status();
  int64_t n = read->ColumnInt64(0);
  int64_t pairs = 1 + static_cast<int64_t>(rng() % 4);
  std::string payload(rng() % 600, 'p');
  for (int64_t p = 0; p < pairs; ++p) {
    int64_t amount = 1 + static_cast<int64_t>(rng() % 1000000);
    for (int64_t signed_amount : {amount, -amount}) {
      EVT_RETURN_IF_ERROR(insert.BindAll({n, pairs, signed_amount, Blob{payload}}));
      EVT_RETURN_IF_ERROR(insert.Run());
    }
  }
  return tx->Commit();
}

// The child: writes transactions until killed, reporting each commit with
// one byte on `commits_fd`. Never returns into the test framework.
[[noreturn]] void WriteUntilKilled(const std::string& dir, Synchronous sync, int commits_fd) {
  auto fail = [](const Status& status) {
    std::fprintf(stderr, "crash test writer: %s\n", status.message().c_str());
    _exit(ToInt(status.code()));
  };
  Result<Store> store = Store::Open(dir, "crash", kLedgerSchema, {.synchronous = sync});
  if (!store.ok()) fail(store.status());
  Result<Statement> insert = store->Prepare("INSERT INTO ledger(tx, pairs, amount, payload) VALUES(?1, ?2, ?3, ?4)");
  Result<Statement> bump = store->Prepare("UPDATE counter SET n = n + 1");
  if (!insert.ok()) fail(insert.status());
  if (!bump.ok()) fail(bump.status());
  std::mt19937_64 rng(static_cast<uint64_t>(getpid()));
  for (;;) {
    Status status = WriteOneTransaction(*store, *insert, *bump, rng);
    if (!status.ok()) fail(status);
    if (write(commits_fd, "c", 1) != 1) _exit(99);
  }
}

// Reads commit reports until `deadline` or until the writer is gone (EOF);
// with `until_first`, stops as soon as there is one.
int64_t CountCommits(int fd, Clock::time_point deadline, bool until_first = false) {
  int64_t commits = 0;
  char buffer[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left < 0) return commits;
    pollfd pfd{fd, POLLIN, 0};
    if (poll(&pfd, 1, static_cast<int>(left)) <= 0) continue;
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got <= 0) return commits;
    commits += got;
    if (until_first) return commits;
  }
}

struct Round {
  int64_t confirmed = 0;  // commits the writer reported before it died
  int wait_status = 0;
};

// Starts a writer, waits for its first commit, lets it run for `delay`,
// then kills it with SIGKILL.
Round KillWriterAfter(const std::string& dir, Synchronous sync, std::chrono::microseconds delay) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    WriteUntilKilled(dir, sync, fds[1]);
  }
  close(fds[1]);
  Round round;
  round.confirmed = CountCommits(fds[0], Clock::now() + std::chrono::seconds(5), /*until_first=*/true);
  if (round.confirmed > 0) round.confirmed += CountCommits(fds[0], Clock::now() + delay);
  kill(pid, SIGKILL);
  waitpid(pid, &round.wait_status, 0);
  round.confirmed += CountCommits(fds[0], Clock::now() + std::chrono::seconds(5));
  close(fds[0]);
  return round;
}

TEST_CASE("store crash: a writer killed mid-transaction leaves whole transactions only", "[store][crash]") {
  TempDir tmp;
  const uint64_t seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  int64_t committed = 0;
  for (int round_number = 0; round_number < 20; ++round_number) {
    Synchronous sync = round_number % 2 ? Synchronous::kFull : Synchronous::kNormal;
    auto delay = std::chrono::microseconds(rng() % 80000);
    INFO("round " << round_number << ", killed " << delay.count() << " us after the first commit");
    Round round = KillWriterAfter(tmp.path(), sync, delay);
    // Still writing when killed, not stopped by an error of its own.
    REQUIRE(WIFSIGNALED(round.wait_status));
    REQUIRE(WTERMSIG(round.wait_status) == SIGKILL);
    REQUIRE(round.confirmed > 0);

    Result<Store> store = Store::Open(tmp.path(), "crash", kLedgerSchema);
    INFO(store.status().message());
    REQUIRE(store.ok());
    Result<Statement> check = store->Prepare("PRAGMA integrity_check");
    REQUIRE(check.ok());
    REQUIRE(*check->Step());
    CHECK(check->ColumnText(0) == "ok");
    int64_t n = QueryInt(*store, "SELECT n FROM counter");
    CHECK(n >= committed + round.confirmed);      // nothing reported committed is lost
    CHECK(n <= committed + round.confirmed + 1);  // at most the commit it died reporting
    CHECK(QueryInt(*store, "SELECT count(DISTINCT tx) FROM ledger") == n);
    CHECK(QueryInt(*store, "SELECT coalesce(max(tx), 0) FROM ledger") == n);
    CHECK(QueryInt(*store,
                   "SELECT count(*) FROM (SELECT tx FROM ledger GROUP BY tx"
                   " HAVING sum(amount) != 0 OR count(*) != 2 * max(pairs) OR min(pairs) != max(pairs))") == 0);
    committed = n;
  }
}

}  // namespace
}  // namespace evt
