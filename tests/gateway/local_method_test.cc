// Methods the gateway calls directly (LocalMethod) instead of over the
// in-process channel: same routing, binding, metadata and rendering.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "tests/gateway/testing/echo_server.h"
#include "tests/gateway/testing/http_test_client.h"

namespace insights::gateway::testing {
namespace {

using insights::testing::v1::GetFileRequest;
using insights::testing::v1::Thing;

constexpr char kGetFile[] = "/insights.testing.v1.EchoService/GetFile";

class LocalMethodTest : public ::testing::Test {
 protected:
  void Start(LocalMethod method) {
    GatewayOptions options;
    options.local_methods[kGetFile] = std::move(method);
    auto stack = EchoStack::Start(std::move(options));
    ASSERT_TRUE(stack.ok()) << stack.status();
    stack_ = std::move(*stack);
  }

  TestResponse Get(const std::string& target, const TestHeaders& headers = {}) {
    return Fetch(stack_->http_port(), "GET", target, headers);
  }

  std::unique_ptr<EchoStack> stack_;
};

TEST_F(LocalMethodTest, TheLocalMethodAnswersInsteadOfTheChannel) {
  Start([](std::string bytes, const HeaderList& metadata,
           std::chrono::system_clock::time_point, UnaryDone done) {
    GetFileRequest request;
    ASSERT_TRUE(request.ParseFromString(bytes));
    Thing reply;
    reply.set_name("local:" + request.path());
    for (const auto& [name, value] : metadata) {
      if (name == "x-api-key") reply.add_tags(value);
    }
    done(grpc::Status::OK, reply.SerializeAsString());
  });
  TestResponse r = Get("/v1/files/a/b.txt", {{"X-Api-Key", "k1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["name"], "local:a/b.txt");
  EXPECT_EQ(r.Json()["tags"], nlohmann::json::parse(R"(["k1"])"));
  // Other methods still go through the channel to the real service.
  EXPECT_EQ(Get("/v1/things/t9").Json()["name"], "t9");
}

TEST_F(LocalMethodTest, TheDeadlineComesFromGrpcTimeout) {
  std::atomic<int64_t> seconds_left{-1};
  Start([&](std::string, const HeaderList&,
            std::chrono::system_clock::time_point deadline, UnaryDone done) {
    seconds_left = std::chrono::duration_cast<std::chrono::seconds>(
                       deadline - std::chrono::system_clock::now())
                       .count();
    done(grpc::Status::OK, Thing().SerializeAsString());
  });
  ASSERT_EQ(Get("/v1/files/x", {{"Grpc-Timeout", "100S"}}).status, 200);
  EXPECT_GE(seconds_left.load(), 98);
  EXPECT_LE(seconds_left.load(), 100);
}

TEST_F(LocalMethodTest, ErrorsAndLateAnswersFromAnotherThread) {
  std::thread late;
  Start([&](std::string bytes, const HeaderList&,
            std::chrono::system_clock::time_point, UnaryDone done) {
    GetFileRequest request;
    request.ParseFromString(bytes);
    if (request.path() == "missing") {
      done(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such file"),
           std::string());
      return;
    }
    late = std::thread([done = std::move(done)] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      Thing reply;
      reply.set_name("late");
      done(grpc::Status::OK, reply.SerializeAsString());
    });
  });
  TestResponse missing = Get("/v1/files/missing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Json()["message"], "no such file");
  TestResponse answered = Get("/v1/files/slow");
  EXPECT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.Json()["name"], "late");
  late.join();
}

}  // namespace
}  // namespace insights::gateway::testing
