#include "server/store/cached_store.h"

#include <gtest/gtest.h>

#include "tests/counting_store.h"

namespace insights {
namespace {

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
