#include "server/store/cached_store.h"

#include <gtest/gtest.h>

namespace insights {
namespace {

// A store that counts the reads reaching it and answers with a labeled
// count equal to the number of writes so far, so that staleness shows.
class CountingStore final : public Store {
 public:
  int queries = 0;
  int key_checks = 0;
  int writes = 0;

  absl::Status PutWorkspace(const std::string&, const std::string&,
                            const std::vector<std::string>&) override {
    ++writes;
    return absl::OkStatus();
  }
  absl::Status PutProjects(
      const google::protobuf::RepeatedPtrField<v1::Project>&) override {
    ++writes;
    return absl::OkStatus();
  }
  absl::Status PutLabelers(
      const google::protobuf::RepeatedPtrField<v1::LabelerProfile>&) override {
    ++writes;
    return absl::OkStatus();
  }
  absl::StatusOr<bool> WorkspaceHasKey(const std::string&,
                                       const std::string& hash) override {
    ++key_checks;
    return hash == "good";
  }
  absl::StatusOr<IngestOutcome> IngestEvents(
      const google::protobuf::RepeatedPtrField<v1::Event>&) override {
    ++writes;
    return IngestOutcome{1, 0};
  }
  absl::StatusOr<WorkspaceActivity> QueryActivity(const StatsQuery&) override {
    ++queries;
    WorkspaceActivity activity;
    activity.distinct_images_labeled = writes;
    return activity;
  }
};

StatsQuery Query(std::string workspace, std::vector<std::string> projects) {
  return StatsQuery{std::move(workspace), 100, 200, std::move(projects), {}};
}

TEST(CachedStoreTest, SameQueryTwiceReachesTheStoreOnce) {
  CountingStore inner;
  CachedStore cached(inner, 8);
  ASSERT_TRUE(cached.QueryActivity(Query("w", {"p"})).ok());
  ASSERT_TRUE(cached.QueryActivity(Query("w", {"p"})).ok());
  EXPECT_EQ(inner.queries, 1);
}

TEST(CachedStoreTest, DifferentFiltersAreDifferentQueries) {
  CountingStore inner;
  CachedStore cached(inner, 8);
  ASSERT_TRUE(cached.QueryActivity(Query("w", {"p"})).ok());
  ASSERT_TRUE(cached.QueryActivity(Query("w", {"p", "q"})).ok());
  ASSERT_TRUE(cached.QueryActivity(Query("w", {})).ok());
  // "a" + "b:c" must not collide with "a:b" + "c".
  ASSERT_TRUE(cached.QueryActivity(Query("w", {"a", "b:c"})).ok());
  ASSERT_TRUE(cached.QueryActivity(Query("w", {"a:b", "c"})).ok());
  EXPECT_EQ(inner.queries, 5);
}

TEST(CachedStoreTest, AnIngestMakesTheNextAnswerFresh) {
  CountingStore inner;
  CachedStore cached(inner, 8);
  ASSERT_EQ(cached.QueryActivity(Query("w", {}))->distinct_images_labeled, 0);
  ASSERT_TRUE(cached.IngestEvents({}).ok());
  EXPECT_EQ(cached.QueryActivity(Query("w", {}))->distinct_images_labeled, 1);
  EXPECT_EQ(inner.queries, 2);
}

TEST(CachedStoreTest, PuttingAWorkspaceForgetsKeyChecks) {
  CountingStore inner;
  CachedStore cached(inner, 8);
  EXPECT_TRUE(*cached.WorkspaceHasKey("w", "good"));
  EXPECT_FALSE(*cached.WorkspaceHasKey("w", "bad"));
  EXPECT_TRUE(*cached.WorkspaceHasKey("w", "good"));
  EXPECT_EQ(inner.key_checks, 2);
  ASSERT_TRUE(cached.PutWorkspace("w", "W", {}).ok());
  EXPECT_TRUE(*cached.WorkspaceHasKey("w", "good"));
  EXPECT_EQ(inner.key_checks, 3);
}

TEST(CachedStoreTest, HoldsAtMostCapacityAnswersDroppingTheOldest) {
  CountingStore inner;
  CachedStore cached(inner, 2);
  ASSERT_TRUE(cached.QueryActivity(Query("a", {})).ok());
  ASSERT_TRUE(cached.QueryActivity(Query("b", {})).ok());
  ASSERT_TRUE(cached.QueryActivity(Query("a", {})).ok());  // a is recent
  ASSERT_TRUE(cached.QueryActivity(Query("c", {})).ok());  // drops b
  ASSERT_TRUE(cached.QueryActivity(Query("a", {})).ok());
  EXPECT_EQ(inner.queries, 3);
  ASSERT_TRUE(cached.QueryActivity(Query("b", {})).ok());
  EXPECT_EQ(inner.queries, 4);
}

}  // namespace
}  // namespace insights
