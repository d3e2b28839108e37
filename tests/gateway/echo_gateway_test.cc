// The gateway in front of a real gRPC server running the test-only
// EchoService: every method is reachable through its annotation alone.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/gateway/testing/echo_server.h"
#include "tests/gateway/testing/http_test_client.h"

namespace insights::gateway::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class EchoGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto stack = EchoStack::Start();
    ASSERT_TRUE(stack.ok()) << stack.status();
    stack_ = std::move(*stack);
  }

  TestResponse Get(const std::string& target, const TestHeaders& headers = {}) {
    return Fetch(stack_->http_port(), "GET", target, headers);
  }
  TestResponse Send(const std::string& method, const std::string& target,
                    const std::string& body) {
    return Fetch(stack_->http_port(), method, target,
                 {{"Content-Type", "application/json"}}, body);
  }

  std::unique_ptr<EchoStack> stack_;
};

TEST_F(EchoGatewayTest, NestedAndMultiSegmentPathVariables) {
  TestResponse r = Get("/v1/shelves/s1/things/t1?verbose=true");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Json(),
            Json::parse(R"({"id": "s1", "name": "things/t1", "size": 0,
      "tags": ["verbose"], "score": null, "color": "COLOR_UNSPECIFIED"})"));
}

TEST_F(EchoGatewayTest, AdditionalBindingAndTheMoreLiteralRoute) {
  EXPECT_EQ(Get("/v1/things/t9").Json()["name"], "t9");
  EXPECT_EQ(Get("/v1/things/default").Json()["name"], "default");
}

TEST_F(EchoGatewayTest, DoubleWildcardTakesTheRestOfThePath) {
  EXPECT_EQ(Get("/v1/files/a/b/c.txt").Json()["name"], "a/b/c.txt");
}

TEST_F(EchoGatewayTest, PostWithTheWholeRequestAsBody) {
  TestResponse r =
      Send("POST", "/v1/things", R"({"id": "t1", "size": "12", "tags": ["x"],
      "score": 0.5, "color": "COLOR_RED"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(
      r.body,
      R"({"id":"t1","name":"","size":12,"tags":["x"],"score":0.5,"color":"COLOR_RED"})");
}

TEST_F(EchoGatewayTest, BodyThatIsNotTheRequestIsRefused) {
  TestResponse unknown = Send("POST", "/v1/things", R"({"sise": 1})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(unknown.Json()["message"].get<std::string>(), HasSubstr("body"));
  EXPECT_EQ(Send("POST", "/v1/things", "{not json").status, 400);
  EXPECT_EQ(Send("POST", "/v1/things", R"({"id": "a"}&aString=x)").status, 400);
}

TEST_F(EchoGatewayTest, BodyFieldPathAndQueryTogether) {
  for (const char* method : {"PATCH", "PUT"}) {
    TestResponse r = Send(method, "/v1/shelves/s2/things/t1?validateOnly=true",
                          R"({"id": "ignored", "name": "n"})");
    ASSERT_EQ(r.status, 200) << method << " " << r.body;
    EXPECT_EQ(r.Json()["id"], "t1") << "the path wins over the body";
    EXPECT_EQ(r.Json()["name"], "n");
    EXPECT_EQ(r.Json()["tags"],
              Json::parse(R"(["shelf=s2", "validate_only"])"));
  }
  TestResponse smuggled =
      Send("PATCH", "/v1/shelves/s/things/t1", R"(1, "shelf": "x")");
  EXPECT_EQ(smuggled.status, 400);
  TestResponse in_body =
      Send("PATCH", "/v1/shelves/s/things/t1?thing.name=x", "{}");
  EXPECT_EQ(in_body.status, 400);
  EXPECT_THAT(in_body.body, HasSubstr("thing.name"));
}

TEST_F(EchoGatewayTest, ResponseBodyIsOneFieldOfTheReply) {
  TestResponse r = Get("/v1/labels?prefix=a&prefix=b");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"(["a-label","b-label"])");
}

TEST_F(EchoGatewayTest, DeleteAndCustomVerb) {
  EXPECT_EQ(Fetch(stack_->http_port(), "DELETE", "/v1/things/t3").body,
            R"({"deleted":"t3"})");
  TestResponse archived =
      Send("POST", "/v1/things/t4:archive", R"({"reason": "old"})");
  ASSERT_EQ(archived.status, 200) << archived.body;
  EXPECT_EQ(archived.Json()["name"], "things/t4");
  EXPECT_EQ(archived.Json()["tags"], Json::parse(R"(["old"])"));
}

TEST_F(EchoGatewayTest, SixtyFourBitIntegersAreExactJsonNumbers) {
  TestResponse r =
      Get("/v1/types?anInt64=9007199254740993&manyInt64=-1&manyInt64=2");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr(R"("anInt64":9007199254740993)"));
  EXPECT_THAT(r.body, HasSubstr(R"("manyInt64":[-1,2])"));
  EXPECT_THAT(r.body, HasSubstr(R"("maybe":null)"));
}

TEST_F(EchoGatewayTest, EveryGrpcCodeBecomesItsHttpStatus) {
  const std::vector<std::pair<int, int>> codes = {
      {1, 499},  {2, 500},  {3, 400},  {4, 504},  {5, 404},  {6, 409},
      {7, 403},  {8, 429},  {9, 400},  {10, 409}, {11, 400}, {12, 501},
      {13, 500}, {14, 503}, {15, 500}, {16, 401}};
  for (const auto& [code, http] : codes) {
    TestResponse r =
        Get("/v1/fail/" + std::to_string(code) + "?message=no+luck");
    EXPECT_EQ(r.status, http) << "code " << code;
    EXPECT_EQ(r.Json(), Json({{"code", code},
                              {"message", "no luck"},
                              {"details", Json::array()}}))
        << r.body;
    EXPECT_EQ(r.Has("www-authenticate"), code == 16) << "code " << code;
  }
}

TEST_F(EchoGatewayTest, NoRouteIs404AndWrongMethodIs405WithAllow) {
  TestResponse none = Get("/v2/nothing");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(none.Json()["code"], 5);
  TestResponse wrong = Send("POST", "/v1/things/t1", "{}");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.Header("allow"), "GET, DELETE");
  EXPECT_EQ(Send("POST", "/healthz", "").status, 405);
}

TEST_F(EchoGatewayTest, QueryErrorsNameTheParameter) {
  TestResponse unknown = Get("/v1/things/t1?verbsoe=true");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(unknown.Json()["message"].get<std::string>(),
              HasSubstr("\"verbsoe\""));
  TestResponse twice = Get("/v1/things/t1?verbose=true&verbose=false");
  EXPECT_THAT(twice.Json()["message"].get<std::string>(),
              HasSubstr("\"verbose\" is given more than once"));
  TestResponse path = Get("/v1/things/t1?name=t2");
  EXPECT_THAT(path.Json()["message"].get<std::string>(),
              HasSubstr("\"name\" cannot override the path"));
  TestResponse type = Get("/v1/fail/x");
  EXPECT_EQ(type.status, 400);
  EXPECT_THAT(type.Json()["message"].get<std::string>(),
              HasSubstr("path variable \"code\" must be an int32"));
}

TEST_F(EchoGatewayTest, HeadersBecomeMetadata) {
  TestResponse r = Get("/v1/metadata", {{"X-Api-Key", "k1"},
                                        {"Authorization", "Bearer k2"},
                                        {"Grpc-Metadata-Trace-Id", "t-1"},
                                        {"Cookie", "session=secret"}});
  ASSERT_EQ(r.status, 200) << r.body;
  SCOPED_TRACE(r.body);
  std::map<std::string, std::string> seen;
  const Json reply = r.Json();
  for (const Json& entry : reply["entries"])
    seen[entry["key"]] = entry["value"];
  EXPECT_EQ(seen["x-api-key"], "k1");
  EXPECT_EQ(seen["authorization"], "Bearer k2");
  EXPECT_EQ(seen["trace-id"], "t-1");
  EXPECT_EQ(seen.count("cookie"), 0u);
}

TEST_F(EchoGatewayTest, GrpcTimeoutSetsTheDeadlineElseTheDefault) {
  const int64_t short_ms =
      Get("/v1/metadata", {{"Grpc-Timeout", "1500m"}}).Json()["deadlineMs"];
  EXPECT_GT(short_ms, 0);
  EXPECT_LE(short_ms, 1500);
  const int64_t default_ms = Get("/v1/metadata").Json()["deadlineMs"];
  EXPECT_GT(default_ms, 25000);
  EXPECT_LE(default_ms, 30000);
  EXPECT_EQ(Get("/v1/metadata", {{"Grpc-Timeout", "soon"}}).status, 400);
}

TEST_F(EchoGatewayTest, HealthFollowsTheHealthService) {
  TestResponse serving = Get("/healthz");
  EXPECT_EQ(serving.status, 200);
  EXPECT_EQ(serving.Json()["status"], "SERVING");
  stack_->SetServing(false);
  EXPECT_EQ(Get("/healthz").status, 503);
}

TEST_F(EchoGatewayTest, OpenApiDocumentIsServed) {
  TestResponse r = Get("/openapi.json");
  ASSERT_EQ(r.status, 200);
  Json doc = r.Json();
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_TRUE(doc["paths"].contains("/v1/things/{name}"));
}

TEST_F(EchoGatewayTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  HttpTestClient client(stack_->http_port());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(
        client.RoundTrip(RequestText("GET", "/v1/things/t" + std::to_string(i)))
            .status,
        200);
  }
  EXPECT_EQ(client
                .RoundTrip(RequestText("GET", "/v1/things/x",
                                       {{"Connection", "close"}}))
                .status,
            200);
  EXPECT_TRUE(client.ClosedByPeer());
}

TEST_F(EchoGatewayTest, MalformedRequestIs400AndClosed) {
  HttpTestClient client(stack_->http_port());
  EXPECT_EQ(client.RoundTrip("GET /v1/things/x HTTP/1.1\r\nBad Header\r\n\r\n")
                .status,
            400);
  EXPECT_TRUE(client.ClosedByPeer());
  EXPECT_EQ(Get("/v1/things/a%zz").status, 400);
}

TEST_F(EchoGatewayTest, ConcurrentCallersAllGetTheirOwnAnswer) {
  constexpr int kThreads = 16;
  constexpr int kRequestsEach = 25;
  std::atomic<int> right{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HttpTestClient client(stack_->http_port());
      for (int i = 0; i < kRequestsEach; ++i) {
        const std::string name =
            "t" + std::to_string(t) + "-" + std::to_string(i);
        TestResponse r =
            client.RoundTrip(RequestText("GET", "/v1/things/" + name));
        if (r.status == 200 && r.Json()["name"] == name) ++right;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(right.load(), kThreads * kRequestsEach);
}

class LimitedGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GatewayOptions options;
    options.http.max_body_bytes = 1024;
    options.http.max_header_bytes = 2048;
    options.http.read_timeout = std::chrono::milliseconds(300);
    options.cors_origins = {"https://app.example"};
    auto stack = EchoStack::Start(options);
    ASSERT_TRUE(stack.ok()) << stack.status();
    stack_ = std::move(*stack);
  }
  std::unique_ptr<EchoStack> stack_;
};

TEST_F(LimitedGatewayTest, BodyOverTheLimitIs413) {
  const std::string body = R"({"name": ")" + std::string(2000, 'x') + R"("})";
  TestResponse r = Fetch(stack_->http_port(), "POST", "/v1/things", {}, body);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.Json()["code"], 8);
}

TEST_F(LimitedGatewayTest, HeadersOverTheLimitAre431) {
  TestResponse r = Fetch(stack_->http_port(), "GET", "/v1/things/t",
                         {{"X-Big", std::string(4000, 'x')}});
  EXPECT_EQ(r.status, 431);
}

TEST_F(LimitedGatewayTest, SlowRequestIsCutOffAfterTheReadTimeout) {
  HttpTestClient client(stack_->http_port());
  client.RoundTrip("GET /v1/things/t HTTP/1.1\r\nHost: x\r\n",
                   std::chrono::milliseconds(1));
  EXPECT_TRUE(client.ClosedByPeer(std::chrono::seconds(3)));
}

TEST_F(LimitedGatewayTest, PreflightFromAnAllowedOriginOnly) {
  const TestHeaders asked = {{"Origin", "https://app.example"},
                             {"Access-Control-Request-Method", "GET"},
                             {"Access-Control-Request-Headers", "x-api-key"}};
  TestResponse ok =
      Fetch(stack_->http_port(), "OPTIONS", "/v1/things/t1", asked);
  EXPECT_EQ(ok.status, 204);
  EXPECT_EQ(ok.Header("access-control-allow-origin"), "https://app.example");
  EXPECT_EQ(ok.Header("access-control-allow-methods"), "GET, DELETE");
  EXPECT_THAT(ok.Header("access-control-allow-headers"),
              HasSubstr("X-Api-Key"));
  EXPECT_EQ(ok.Header("access-control-max-age"), "600");

  TestResponse other = Fetch(stack_->http_port(), "OPTIONS", "/v1/things/t1",
                             {{"Origin", "https://evil.example"},
                              {"Access-Control-Request-Method", "GET"}});
  EXPECT_NE(other.status, 204);
  EXPECT_FALSE(other.Has("access-control-allow-origin"));
}

TEST_F(LimitedGatewayTest, AnswersCarryTheOriginWhenAllowed) {
  TestResponse allowed = Fetch(stack_->http_port(), "GET", "/v1/things/t1",
                               {{"Origin", "https://app.example"}});
  EXPECT_EQ(allowed.Header("access-control-allow-origin"),
            "https://app.example");
  TestResponse other = Fetch(stack_->http_port(), "GET", "/v1/things/t1",
                             {{"Origin", "https://evil.example"}});
  EXPECT_EQ(other.status, 200);
  EXPECT_FALSE(other.Has("access-control-allow-origin"));
}

}  // namespace
}  // namespace insights::gateway::testing

namespace insights::gateway::testing {
namespace {

TEST(GatewayShutdownTest, StoppingUnderLoadEndsEveryRequestAndConnection) {
  auto stack = EchoStack::Start();
  ASSERT_TRUE(stack.ok()) << stack.status();
  const int port = (*stack)->http_port();
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 8; ++t) {
    callers.emplace_back([&] {
      // Bounded: at most 2,000 requests a caller, each with a 2 s bound.
      for (int i = 0; i < 2000 && !stop.load(); ++i) {
        TestResponse r = Fetch(port, "GET", "/v1/things/t");
        if (r.status == 200) ++answered;
      }
    });
  }
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (answered.load() < 50 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stack->reset();  // gateway first, then the gRPC server, while callers run
  stop = true;
  for (std::thread& caller : callers) caller.join();
  EXPECT_GE(answered.load(), 50);
  EXPECT_EQ(Fetch(port, "GET", "/v1/things/t").status, 0);
}

}  // namespace
}  // namespace insights::gateway::testing
