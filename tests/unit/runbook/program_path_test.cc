#include "tools/runbook/program_path.h"

#include <catch2/catch.hpp>

namespace evt::runbook {
namespace {

TEST_CASE("runbook program path: a tool name gets the evt- prefix once", "[runbook]") {
  CHECK(EvtBinaryName("price") == "evt-price");
  CHECK(EvtBinaryName("evt-price") == "evt-price");
  CHECK(EvtBinaryName("evtprice") == "evt-evtprice");
}

TEST_CASE("runbook program path: only plain tool names are looked up", "[runbook]") {
  const EnvLookup no_env = [](const char*) -> const char* { return nullptr; };
  CHECK(FindEvtTool("../bin/sh", "", no_env).status().code() == ExitCode::kUsage);
}

}  // namespace
}  // namespace evt::runbook
