#include "common/state_backup.h"

#include "tests/unit/store_test_util.h"

namespace evt {
namespace {

using namespace store_test;

TEST_CASE("state backup: a copy of a live database, owner-only, never over an existing file", "[state_backup]") {
  TempDir tmp;
  ScopedUmask mask(0);
  Store store = OpenOk(tmp.path());
  for (int i = 0; i < 5; ++i) REQUIRE(Increment(store).ok());
  std::string copy = tmp.path() + "/copy.db";
  REQUIRE(BackupDatabase(tmp.path() + "/tool.db", copy).ok());
  CHECK(ModeOf(copy) == 0600);
  // The copy opens as the tool's own database: its schema version came
  // along, so no migration runs again over it.
  std::filesystem::create_directory(tmp.path() + "/restored");
  std::filesystem::permissions(tmp.path() + "/restored", std::filesystem::perms::owner_all);
  std::filesystem::copy_file(copy, tmp.path() + "/restored/tool.db");
  Store restored = OpenOk(tmp.path() + "/restored");
  CHECK(QueryInt(restored, "SELECT n FROM counter") == 5);
  CHECK(QueryInt(restored, "PRAGMA user_version") == 1);

  Status again = BackupDatabase(tmp.path() + "/tool.db", copy);
  CHECK(again.code() == ExitCode::kIoErr);
  CHECK(again.message().find("copy.db: cannot create: File exists") != std::string::npos);

  Status missing = BackupDatabase(tmp.path() + "/nothing.db", tmp.path() + "/other.db");
  CHECK(missing.code() == ExitCode::kNoInput);
  CHECK_FALSE(std::filesystem::exists(tmp.path() + "/other.db"));
}

}  // namespace
}  // namespace evt
