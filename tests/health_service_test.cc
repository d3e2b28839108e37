// HealthService over a real in-process gRPC server on 127.0.0.1: Check,
// Watch's stream of changes, its end at shutdown and its bound.
#include "server/rpc/health_service.h"

#include <memory>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

namespace insights {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

constexpr auto kWait = std::chrono::seconds(10);

class HealthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&health_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    stub_ = Health::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    health_.Shutdown();
    server_->Shutdown(std::chrono::system_clock::now());
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + kWait);
    return context;
  }

  grpc::Status Check(const std::string& service, HealthCheckResponse& out) {
    HealthCheckRequest request;
    request.set_service(service);
    return stub_->Check(Context().get(), request, &out);
  }

  HealthService health_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<Health::Stub> stub_;
};

TEST_F(HealthServiceTest, CheckFollowsSetServing) {
  HealthCheckResponse response;
  ASSERT_TRUE(Check("", response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  health_.SetServing(true);
  ASSERT_TRUE(Check("", response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
}

TEST_F(HealthServiceTest, CheckOfAnotherServiceIsNotFoundNamingIt) {
  HealthCheckResponse response;
  grpc::Status status = Check("insights.v1.Nothing", response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(status.error_message().find("insights.v1.Nothing"),
            std::string::npos);
}

TEST_F(HealthServiceTest, SetServingIsIgnoredAfterShutdown) {
  health_.SetServing(true);
  health_.Shutdown();
  health_.SetServing(true);
  HealthCheckResponse response;
  ASSERT_TRUE(Check("", response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
}

TEST_F(HealthServiceTest, WatchStreamsEachChangeAndEndsAtShutdown) {
  health_.SetServing(true);
  auto context = Context();
  auto stream = stub_->Watch(context.get(), HealthCheckRequest());
  HealthCheckResponse response;
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  health_.SetServing(false);
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);

  health_.SetServing(true);
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  health_.Shutdown();
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(stream->Read(&response));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(HealthServiceTest, WatchOfAnotherServiceSaysServiceUnknown) {
  auto context = Context();
  HealthCheckRequest request;
  request.set_service("insights.v1.Nothing");
  auto stream = stub_->Watch(context.get(), request);
  HealthCheckResponse response;
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVICE_UNKNOWN);
  context->TryCancel();
}

TEST_F(HealthServiceTest, WatchersBeyondTheBoundAreRefused) {
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<HealthCheckResponse>>> open;
  for (int i = 0; i < HealthService::kMaxWatchers; ++i) {
    contexts.push_back(Context());
    open.push_back(stub_->Watch(contexts.back().get(), HealthCheckRequest()));
    HealthCheckResponse first;
    ASSERT_TRUE(open.back()->Read(&first)) << "watcher " << i;
  }
  auto context = Context();
  auto refused = stub_->Watch(context.get(), HealthCheckRequest());
  HealthCheckResponse response;
  EXPECT_FALSE(refused->Read(&response));
  grpc::Status status = refused->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(status.error_message().find("watchers"), std::string::npos);

  // A watcher that leaves frees its place.
  contexts.front()->TryCancel();
  open.front()->Finish();
  const auto give_up = std::chrono::steady_clock::now() + kWait;
  bool admitted = false;
  while (!admitted && std::chrono::steady_clock::now() < give_up) {
    auto again_context = Context();
    auto again = stub_->Watch(again_context.get(), HealthCheckRequest());
    admitted = again->Read(&response);
    again_context->TryCancel();
    again->Finish();
  }
  EXPECT_TRUE(admitted);
  for (auto& each : contexts) each->TryCancel();
  for (size_t i = 1; i < open.size(); ++i) open[i]->Finish();
}

}  // namespace
}  // namespace insights
