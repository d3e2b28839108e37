// WorkspaceStats keeps serialized answers for repeated questions, and never
// serves one computed before the latest write.

#include <gtest/gtest.h>

#include "server/auth/api_key_hash.h"
#include "server/stats/workspace_stats.h"
#include "server/store/cached_store.h"
#include "tests/counting_store.h"

namespace insights {
namespace {

constexpr char kKey[] = "a-key-of-workspace-w";

class KeptAnswerTest : public ::testing::Test {
 protected:
  KeptAnswerTest() : cached_(inner_, 8) {
    inner_.accepted_hash = HashApiKey(kKey);
  }

  WorkspaceStats Stats(bool keep_answers) {
    WorkspaceStatsOptions options{ParseCivilDay("2023-08-01").value(),
                                  [] { return int64_t{1718452800}; }};
    if (keep_answers) {
      options.data_generation = [this] { return cached_.generation(); };
    }
    return WorkspaceStats(cached_, std::move(options));
  }

  static v1::GetWorkspaceStatsRequest Request() {
    v1::GetWorkspaceStatsRequest request;
    request.set_workspace("w");
    request.set_start_date("2024-01-01");
    request.set_end_date("2024-03-31");
    return request;
  }

  static int64_t ImagesLabeled(const std::string& bytes) {
    v1::GetWorkspaceStatsResponse response;
    EXPECT_TRUE(response.ParseFromString(bytes));
    return response.stats().num_images_labeled();
  }

  CountingStore inner_;
  CachedStore cached_;
};

TEST_F(KeptAnswerTest, TheAnswerIsGetsAnswerSerialized) {
  WorkspaceStats stats = Stats(/*keep_answers=*/true);
  absl::StatusOr<StatsQuery> query = stats.Resolve(Request(), kKey);
  ASSERT_TRUE(query.ok()) << query.status();
  auto answer = stats.Answer(*query);
  ASSERT_TRUE(answer.ok()) << answer.status();
  auto expected = stats.Get(Request(), kKey);
  ASSERT_TRUE(expected.ok()) << expected.status();
  EXPECT_EQ(**answer, expected->SerializeAsString());
}

TEST_F(KeptAnswerTest, ARepeatedQuestionIsAnsweredFromTheKeptBytes) {
  WorkspaceStats stats = Stats(/*keep_answers=*/true);
  absl::StatusOr<StatsQuery> query = stats.Resolve(Request(), kKey);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(stats.KeptAnswer(*query), nullptr);
  auto first = stats.Answer(*query);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(stats.KeptAnswer(*query), *first);
  auto second = stats.Answer(*query);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, *first);
  EXPECT_EQ(inner_.queries, 1);
}

TEST_F(KeptAnswerTest, AWriteRetiresTheKeptAnswer) {
  WorkspaceStats stats = Stats(/*keep_answers=*/true);
  absl::StatusOr<StatsQuery> query = stats.Resolve(Request(), kKey);
  ASSERT_TRUE(query.ok()) << query.status();
  auto before = stats.Answer(*query);
  ASSERT_TRUE(before.ok()) << before.status();

  ASSERT_TRUE(cached_.IngestEvents({}).ok());
  EXPECT_EQ(stats.KeptAnswer(*query), nullptr);
  auto after = stats.Answer(*query);
  ASSERT_TRUE(after.ok()) << after.status();
  // CountingStore answers with the number of writes so far.
  EXPECT_EQ(ImagesLabeled(**before), 0);
  EXPECT_EQ(ImagesLabeled(**after), 1);
}

TEST_F(KeptAnswerTest, DifferentRangesAreDifferentAnswers) {
  WorkspaceStats stats = Stats(/*keep_answers=*/true);
  v1::GetWorkspaceStatsRequest other = Request();
  other.set_start_date("2024-02-01");
  auto first = stats.Resolve(Request(), kKey);
  auto second = stats.Resolve(other, kKey);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(stats.Answer(*first).ok());
  EXPECT_EQ(stats.KeptAnswer(*second), nullptr);
}

TEST_F(KeptAnswerTest, WithoutAGenerationNothingIsKept) {
  WorkspaceStats stats = Stats(/*keep_answers=*/false);
  absl::StatusOr<StatsQuery> query = stats.Resolve(Request(), kKey);
  ASSERT_TRUE(query.ok()) << query.status();
  ASSERT_TRUE(stats.Answer(*query).ok());
  EXPECT_EQ(stats.KeptAnswer(*query), nullptr);
}

TEST_F(KeptAnswerTest, ResolveRefusesAWrongKeyBeforeAnythingIsKept) {
  WorkspaceStats stats = Stats(/*keep_answers=*/true);
  absl::StatusOr<StatsQuery> query = stats.Resolve(Request(), "not-the-key");
  EXPECT_EQ(query.status().code(), absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace insights
