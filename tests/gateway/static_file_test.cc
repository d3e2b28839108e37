// Static files behind the gateway: served on GET with their own type and
// headers, refused on other methods, and no shadow over the routes.

#include <gtest/gtest.h>

#include "tests/gateway/testing/echo_server.h"
#include "tests/gateway/testing/http_test_client.h"

namespace insights::gateway::testing {
namespace {

class StaticFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GatewayOptions options;
    options.static_files.push_back(
        {.path = "/",
         .content_type = "text/html; charset=utf-8",
         .headers = {{"Content-Security-Policy", "default-src 'none'"}},
         .body = "<!doctype html><p>hello</p>"});
    options.static_files.push_back({.path = "/app.js",
                                    .content_type = "text/javascript",
                                    .body = "'use strict';"});
    auto stack = EchoStack::Start(std::move(options));
    ASSERT_TRUE(stack.ok()) << stack.status();
    stack_ = std::move(*stack);
  }

  TestResponse Request(const std::string& method, const std::string& target) {
    return Fetch(stack_->http_port(), method, target, {});
  }

  std::unique_ptr<EchoStack> stack_;
};

TEST_F(StaticFileTest, ServedWithItsTypeAndHeaders) {
  TestResponse page = Request("GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "<!doctype html><p>hello</p>");
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.Header("content-security-policy"), "default-src 'none'");

  TestResponse script = Request("GET", "/app.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.Header("content-type"), "text/javascript");
  EXPECT_FALSE(script.Has("content-security-policy"));
}

TEST_F(StaticFileTest, OtherMethodsAre405) {
  TestResponse posted = Request("POST", "/app.js");
  EXPECT_EQ(posted.status, 405);
  EXPECT_EQ(posted.Header("allow"), "GET");
}

TEST_F(StaticFileTest, OpenApiAndRoutesStillAnswer) {
  EXPECT_EQ(Request("GET", "/openapi.json").status, 200);
  EXPECT_EQ(Request("GET", "/v1/things/t1").status, 200);
  EXPECT_EQ(Request("GET", "/app.js/more").status, 404);
}

}  // namespace
}  // namespace insights::gateway::testing
