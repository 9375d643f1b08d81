#include <catch2/catch.hpp>

#include "tools/failover/template_render.h"

using evt::failover::RenderTemplate;

TEST_CASE("failover template: variables are replaced, spaces inside braces allowed") {
  auto r = RenderTemplate("upstream { server {{upstream}}; } # {{ path }}\n", {{"upstream", "10.0.0.1:443"}, {"path", "5g"}});
  REQUIRE(r.ok());
  CHECK(*r == "upstream { server 10.0.0.1:443; } # 5g\n");
}

TEST_CASE("failover template: an unknown variable or an unclosed brace is an error naming the line") {
  auto unknown = RenderTemplate("a\nserver {{upstrem}};", {{"upstream", "x"}});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message() == "line 2: unknown variable \"upstrem\" (known: upstream)");
  auto unclosed = RenderTemplate("{{upstream", {{"upstream", "x"}});
  REQUIRE_FALSE(unclosed.ok());
  CHECK(unclosed.status().message() == "line 1: unclosed {{");
}

TEST_CASE("failover template: text without variables is copied") {
  CHECK(*RenderTemplate("plain } text {", {}) == "plain } text {");
}
