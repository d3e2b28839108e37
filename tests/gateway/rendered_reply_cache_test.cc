#include "server/gateway/rendered_reply_cache.h"

#include <gtest/gtest.h>

#include "common/rest_json.h"
#include "insights/v1/stats_service.pb.h"

namespace insights::gateway {
namespace {

class RenderedReplyCacheTest : public ::testing::Test {
 protected:
  RenderedReplyCacheTest()
      : table_(
            *HttpRuleTable::Build({"insights.v1.AnnotationInsightsService"})),
        route_(table_.routes().at(0)) {}

  static std::string Reply(int64_t images) {
    v1::GetWorkspaceStatsResponse reply;
    reply.mutable_stats()->set_num_images_labeled(images);
    return reply.SerializeAsString();
  }

  HttpRuleTable table_;
  const Route& route_;
};

TEST_F(RenderedReplyCacheTest, TheBodyIsTheRestJsonOfTheReply) {
  RenderedReplyCache cache(4, 1024);
  auto body = cache.Render(route_, Reply(7));
  ASSERT_TRUE(body.ok()) << body.status();
  v1::GetWorkspaceStatsResponse reply;
  ASSERT_TRUE(reply.ParseFromString(Reply(7)));
  EXPECT_EQ(**body, ToRestJsonString(reply));
}

TEST_F(RenderedReplyCacheTest, EqualRepliesShareOneRendering) {
  RenderedReplyCache cache(4, 1024);
  auto first = cache.Render(route_, Reply(7));
  auto second = cache.Render(route_, Reply(7));
  auto other = cache.Render(route_, Reply(8));
  ASSERT_TRUE(first.ok() && second.ok() && other.ok());
  EXPECT_EQ(first->get(), second->get());
  EXPECT_NE(**first, **other);
}

TEST_F(RenderedReplyCacheTest, RepliesOverTheSizeBoundAreRenderedEachTime) {
  RenderedReplyCache cache(4, 1);
  auto first = cache.Render(route_, Reply(7));
  auto second = cache.Render(route_, Reply(7));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->get(), second->get());
  EXPECT_EQ(**first, **second);
}

TEST_F(RenderedReplyCacheTest, BytesThatAreNotTheReplyAreAnInternalError) {
  RenderedReplyCache cache(4, 1024);
  auto body = cache.Render(route_, std::string("\xff\xff\xff", 3));
  EXPECT_EQ(body.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(body.status().message().find("GetWorkspaceStats"),
            std::string::npos);
}

}  // namespace
}  // namespace insights::gateway
