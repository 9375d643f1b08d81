#include <catch2/catch.hpp>

#include <map>

#include "engine/flow/flow_body.h"

namespace evt::probe {
namespace {

// {cart_id} was captured; {note} is the flow's own variable.
const std::map<std::string, std::string> kValues{{"cart_id", "c1&admin=1 é"}, {"note", "a&b"}};
std::string ValueOf(const std::string& name) { return kValues.at(name); }
bool Captured(const std::string& name) { return name == "cart_id"; }

TEST_CASE("flow body: a form body percent-encodes a captured value, not the flow's own text") {
  FlowBody form = FlowBody::Text(Template::Parse("cart={cart_id}&note={note}"), true);
  Result<std::string> body = form.Render(ValueOf, Captured);
  REQUIRE(body.ok());
  CHECK(*body == "cart=c1%26admin%3D1%20%C3%A9&note=a&b");
}

TEST_CASE("flow body: any other string body is sent raw") {
  FlowBody text = FlowBody::Text(Template::Parse("cart={cart_id}"));
  CHECK(*text.Render(ValueOf, Captured) == "cart=c1&admin=1 é");
}

TEST_CASE("flow body: JSON keys that render the same are an error") {
  FlowBody body = FlowBody::Json(Value::object({{"ok", 1}, {"x", Value::object({{"{cart_id}", 1}, {"c1&admin=1 é", 2}})}}));
  Result<std::string> json = body.Render(ValueOf);
  CHECK(json.status().code() == ExitCode::kDataErr);
  CHECK(json.status().message() == "the keys \"{cart_id}\" and \"c1&admin=1 é\" both render to \"c1&admin=1 é\"");
  FlowBody distinct = FlowBody::Json(Value::object({{"{cart_id}", 1}, {"{note}", 2}}));
  CHECK(*distinct.Render(ValueOf) == R"({"c1&admin=1 é":1,"a&b":2})");
}

}  // namespace
}  // namespace evt::probe
