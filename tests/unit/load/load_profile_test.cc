#include "tools/load/load_profile.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace evt::load {
namespace {

using std::chrono::seconds;

LoadProfile Parse(std::string_view spec, double rate = 0, std::optional<Duration> duration = std::nullopt) {
  Result<LoadProfile> p = ParseLoadProfile(spec, rate, duration);
  INFO(spec << ": " << p.status().message());
  REQUIRE(p.ok());
  return *p;
}

std::string ParseError(std::string_view spec, double rate = 0, std::optional<Duration> duration = std::nullopt) {
  Result<LoadProfile> p = ParseLoadProfile(spec, rate, duration);
  INFO(spec);
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().code() == ExitCode::kUsage);
  return p.status().message();
}

// A JSON profile in a file of its own, removed at the end of the test.
class ProfileFile {
 public:
  explicit ProfileFile(const std::string& json)
      : path_(std::filesystem::temp_directory_path() /
              ("evt_load_profile_" + std::to_string(getpid()) + "_" + std::to_string(counter_++) + ".json")) {
    std::ofstream(path_) << json;
  }
  ~ProfileFile() { std::filesystem::remove(path_); }
  std::string spec() const { return "@" + path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST_CASE("load profile: constant is --rate for --duration", "[load][profile]") {
  for (std::string_view spec : {"", "constant"}) {
    LoadProfile p = Parse(spec, 100, seconds(10));
    CHECK(p.seconds() == 10);
    CHECK(p.RateAt(0) == 100);
    CHECK(p.RateAt(9.999) == 100);
    CHECK(p.RateAt(10) == 0);
    CHECK(p.ExpectedBetween(0, 10) == Approx(1000));
  }
  CHECK(ParseError("constant", 0, seconds(10)) == "--rate is required (more than 0) with a constant profile");
  CHECK(ParseError("", 100) == "--duration is required with a constant profile");
}

TEST_CASE("load profile: a ramp climbs linearly over its own length", "[load][profile]") {
  LoadProfile p = Parse("ramp:0-2000/60s");
  CHECK(p.seconds() == 60);
  CHECK(p.RateAt(0) == 0);
  CHECK(p.RateAt(30) == Approx(1000));
  CHECK(p.PeakRate() == 2000);
  CHECK(p.ExpectedBetween(0, 60) == Approx(60000));
  CHECK(p.ExpectedBetween(59, 60) == Approx(1983.333).epsilon(1e-6));
  LoadProfile down = Parse("ramp:500-100/4s");
  CHECK(down.RateAt(2) == Approx(300));
}

TEST_CASE("load profile: --duration cuts a profile short or holds its last rate", "[load][profile]") {
  LoadProfile held = Parse("ramp:0-2000/60s", 0, seconds(90));
  CHECK(held.seconds() == 90);
  CHECK(held.RateAt(75) == Approx(2000));
  LoadProfile cut = Parse("ramp:0-2000/60s", 0, seconds(30));
  CHECK(cut.seconds() == 30);
  CHECK(cut.PeakRate() == Approx(1000));
  CHECK(cut.RateAt(15) == Approx(500));
}

TEST_CASE("load profile: steps hold each rate for the step's length", "[load][profile]") {
  LoadProfile p = Parse("steps:100,200,300/10s");
  CHECK(p.seconds() == 30);
  CHECK(p.RateAt(5) == 100);
  CHECK(p.RateAt(15) == 200);
  CHECK(p.RateAt(29) == 300);
  CHECK(p.ExpectedBetween(5, 15) == Approx(1500));
  CHECK(Parse("steps:50/2s").seconds() == 2);
}

TEST_CASE("load profile: sine is vegeta's, never below 0", "[load][profile]") {
  LoadProfile p = Parse("sine:100:50:10s", 0, seconds(20));
  CHECK(p.seconds() == 20);
  CHECK(p.RateAt(0) == Approx(100));
  CHECK(p.RateAt(2.5) == Approx(150));
  CHECK(p.RateAt(7.5) == Approx(50));
  CHECK(p.PeakRate() == Approx(150));
  // A whole period averages the mean.
  CHECK(p.ExpectedBetween(0, 10) == Approx(1000).epsilon(1e-6));
  LoadProfile clipped = Parse("sine:10:50:4s", 0, seconds(4));
  CHECK(clipped.RateAt(3) == 0);
  CHECK(clipped.RateAt(1) == Approx(60));
  CHECK(ParseError("sine:100:50:10s") == "--profile sine:100:50:10s: --duration is required with a sine profile");
}

TEST_CASE("load profile: a JSON file of k6 stages", "[load][profile]") {
  ProfileFile file(R"({"stages":[{"duration":"10s","rate":100},{"duration":"30s","to":1000},)"
                   R"({"duration":"5s","from":0,"to":0}]})");
  Result<LoadProfile> p = ParseLoadProfile(file.spec(), 0, std::nullopt);
  REQUIRE(p.ok());
  CHECK(p->seconds() == 45);
  CHECK(p->RateAt(5) == 100);
  CHECK(p->RateAt(25) == Approx(550));  // "from" is the previous stage's end
  CHECK(p->RateAt(42) == 0);
  CHECK(p->PeakRate() == Approx(1000));
  ProfileFile k6(R"({"stages":[{"duration":"2s","target":50},{"duration":"2s","target":0}]})");
  Result<LoadProfile> ramp = ParseLoadProfile(k6.spec(), 0, std::nullopt);
  REQUIRE(ramp.ok());
  CHECK(ramp->RateAt(1) == Approx(25));
  CHECK(ramp->RateAt(3) == Approx(25));
}

TEST_CASE("load profile: bad JSON stages are usage errors naming the field", "[load][profile]") {
  ProfileFile unknown(R"({"stages":[{"duration":"10s","rate":100,"tagret":5}]})");
  CHECK_THAT(ParseError(unknown.spec()), Catch::Contains("/stages/0/tagret: unknown key"));
  ProfileFile to_and_target(R"({"stages":[{"duration":"10s","to":100,"target":5}]})");
  CHECK_THAT(ParseError(to_and_target.spec()), Catch::Contains("/stages/0: give \"to\" or k6's \"target\", not both"));
  ProfileFile both(R"({"stages":[{"duration":"10s","rate":100,"to":5}]})");
  CHECK_THAT(ParseError(both.spec()), Catch::Contains("/stages/0: give either \"rate\" or \"from\"/\"to\", not both"));
  ProfileFile neither(R"({"stages":[{"duration":"10s"}]})");
  CHECK_THAT(ParseError(neither.spec()), Catch::Contains("/stages/0: expected \"rate\""));
  ProfileFile no_unit(R"({"stages":[{"duration":"10","rate":1}]})");
  CHECK_THAT(ParseError(no_unit.spec()), Catch::Contains("/stages/0/duration:"));
  ProfileFile negative(R"({"stages":[{"duration":"1s","from":-1,"to":3}]})");
  CHECK_THAT(ParseError(negative.spec()), Catch::Contains("rates must not be negative"));
  ProfileFile empty(R"({"stages":[]})");
  CHECK_THAT(ParseError(empty.spec()), Catch::Contains("/stages: expected at least one stage"));
  ProfileFile broken(R"({"stages":[)");
  CHECK_THAT(ParseError(broken.spec()), Catch::StartsWith("--profile " + broken.spec() + ": "));
  CHECK_THAT(ParseError("@/nonexistent/evt-profile.json"), Catch::Contains("/nonexistent/evt-profile.json"));
}

TEST_CASE("load profile: errors name the flag and the bad part", "[load][profile]") {
  CHECK(ParseError("ramp:0-2000/60") == "--profile ramp:0-2000/60: duration \"60\" has no unit (say \"60s\")");
  CHECK_THAT(ParseError("ramp:0-2000/60x"), Catch::StartsWith("--profile ramp:0-2000/60x: duration \"60x\": "));
  CHECK(ParseError("ramp:0-2000/0s") == "--profile ramp:0-2000/0s: duration \"0s\" must be more than 0s");
  CHECK(ParseError("ramp:0-abc/10s") == "--profile ramp:0-abc/10s: rate \"abc\" is not a number");
  CHECK(ParseError("ramp:2000/10s") == "--profile ramp:2000/10s: expected ramp:FROM-TO/DURATION, such as ramp:0-2000/60s");
  CHECK(ParseError("steps:100,,300/10s") == "--profile steps:100,,300/10s: rate \"\" is not a number");
  CHECK(ParseError("steps:100") ==
        "--profile steps:100: expected steps:RATE,RATE,.../DURATION, such as steps:100,500,1000/10s");
  CHECK(ParseError("sine:100:x:10s", 0, seconds(5)) == "--profile sine:100:x:10s: amplitude \"x\" is not a number");
  CHECK(ParseError("sine:0:0:10s", 0, seconds(5)) == "--profile sine:0:0:10s: the rate never rises above 0");
  CHECK(ParseError("ramp:0-0/10s") == "--profile ramp:0-0/10s: the rate is 0 throughout");
  CHECK(ParseError("ramp:0-100/10s", 50) ==
        "--rate and --profile ramp:0-100/10s: the profile sets its own rates; give one");
  CHECK_THAT(ParseError("poisson:100"), Catch::StartsWith("--profile poisson:100: unknown profile; expected constant"));
  CHECK(ParseError("steps:100/1s", 0, seconds(0)) == "--profile steps:100/1s: --duration must be more than 0s");
}

}  // namespace
}  // namespace evt::load
