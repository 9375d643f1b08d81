#include <catch2/catch.hpp>

#include "tools/failover/health_counter.h"

using evt::failover::HealthCounter;

TEST_CASE("failover health counter starts up at rise and one failure takes it down, as HAProxy") {
  HealthCounter c(3, 2);
  CHECK(c.up());
  CHECK(c.health() == 3);
  CHECK(c.Record(false));
  CHECK_FALSE(c.up());
  CHECK(c.health() == 0);
}

TEST_CASE("failover health counter climbs to rise, then jumps to the top") {
  HealthCounter c(3, 2);
  c.Restore(0);
  CHECK_FALSE(c.Record(true));
  CHECK(c.health() == 1);
  CHECK_FALSE(c.Record(true));
  CHECK(c.health() == 2);
  CHECK(c.Record(true));  // reaches rise
  CHECK(c.up());
  CHECK(c.health() == 4);  // rise + fall - 1
}

TEST_CASE("failover health counter: a failure while climbing resets to 0") {
  HealthCounter c(3, 2);
  c.Restore(0);
  c.Record(true);
  c.Record(true);
  CHECK_FALSE(c.Record(false));
  CHECK(c.health() == 0);
  c.Record(true);
  c.Record(true);
  CHECK_FALSE(c.up());
}

TEST_CASE("failover health counter: fall failures in a row from the top take it down, one success restores the top") {
  HealthCounter c(2, 3);  // top 4
  c.Restore(4);
  CHECK_FALSE(c.Record(false));
  CHECK(c.health() == 3);
  CHECK_FALSE(c.Record(true));
  CHECK(c.health() == 4);
  CHECK_FALSE(c.Record(false));
  CHECK_FALSE(c.Record(false));
  CHECK(c.health() == 2);
  CHECK(c.up());
  CHECK(c.Record(false));  // the third in a row
  CHECK(c.health() == 0);
  CHECK_FALSE(c.up());
}

TEST_CASE("failover health counter: rise 1 and fall 1 flip on every opposite result") {
  HealthCounter c(1, 1);
  CHECK(c.top() == 1);
  CHECK(c.Record(false));
  CHECK(c.Record(true));
  CHECK(c.health() == 1);
  CHECK_FALSE(c.Record(true));
}

TEST_CASE("failover health counter: a restored value is clamped") {
  HealthCounter c(3, 2);
  c.Restore(99);
  CHECK(c.health() == 4);
  c.Restore(-5);
  CHECK(c.health() == 0);
}
