#include "common/status.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

namespace evt {
namespace {

Result<int> Parsed(bool ok) {
  if (!ok) return Status::DataErr("not a number");
  return 42;
}

Result<std::string> Doubled(bool ok) {
  EVT_ASSIGN_OR_RETURN(int n, Parsed(ok));
  return std::to_string(n * 2);
}

Status Stored(bool ok, int* out) {
  EVT_ASSIGN_OR_RETURN(*out, Parsed(ok));
  return Status::Ok();
}

Result<std::unique_ptr<int>> Owned(bool ok) {
  if (!ok) return Status::Config("no value");
  return std::make_unique<int>(7);
}

Result<int> Unwrapped(bool ok) {
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<int> p, Owned(ok));
  EVT_ASSIGN_OR_RETURN(int n, Parsed(true));
  return *p + n;
}

TEST_CASE("status: EVT_ASSIGN_OR_RETURN declares and assigns the value", "[status]") {
  Result<std::string> r = Doubled(true);
  REQUIRE(r.ok());
  CHECK(*r == "84");
  int out = 0;
  CHECK(Stored(true, &out).ok());
  CHECK(out == 42);
}

TEST_CASE("status: EVT_ASSIGN_OR_RETURN returns the error with its code", "[status]") {
  Result<std::string> r = Doubled(false);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ExitCode::kDataErr);
  CHECK(r.status().message() == "not a number");
  int out = 0;
  Status s = Stored(false, &out);
  CHECK(s.code() == ExitCode::kDataErr);
  CHECK(out == 0);
}

TEST_CASE("status: EVT_ASSIGN_OR_RETURN moves a move-only value and can repeat", "[status]") {
  Result<int> r = Unwrapped(true);
  REQUIRE(r.ok());
  CHECK(*r == 49);
  CHECK(Unwrapped(false).status().code() == ExitCode::kConfig);
}

TEST_CASE("status: EVT_RETURN_IF_ERROR stops at the first failure", "[status]") {
  int calls = 0;
  auto step = [&](bool ok) {
    ++calls;
    return ok ? Status::Ok() : Status::IoErr("disk");
  };
  auto run = [&]() -> Status {
    EVT_RETURN_IF_ERROR(step(true));
    EVT_RETURN_IF_ERROR(step(false));
    EVT_RETURN_IF_ERROR(step(true));
    return Status::Ok();
  };
  CHECK(run().code() == ExitCode::kIoErr);
  CHECK(calls == 2);
}

}  // namespace
}  // namespace evt
