#include "server/store/cached_store.h"

#include <gtest/gtest.h>

#include "tests/counting_store.h"

namespace insights {
namespace {

TEST(CachedStoreTest, EveryWriteStartsANewGeneration) {
  CountingStore inner;
  CachedStore cached(inner, 8);
  const uint64_t start = cached.generation();
  ASSERT_TRUE(cached.IngestEvents({}).ok());
  EXPECT_EQ(cached.generation(), start + 1);
  ASSERT_TRUE(cached.PutWorkspace("w", "W", {}).ok());
  ASSERT_TRUE(cached.PutProjects({}).ok());
  ASSERT_TRUE(cached.PutLabelers({}).ok());
  EXPECT_EQ(cached.generation(), start + 4);
  // Reads change nothing.
  ASSERT_TRUE(cached.QueryActivity(StatsQuery{"w", 100, 200, {}, {}}).ok());
  ASSERT_TRUE(cached.WorkspaceHasKey("w", "good").ok());
  EXPECT_EQ(cached.generation(), start + 4);
}

TEST(CachedStoreTest, QueriesAlwaysReachTheStoreSoTheyAreFresh) {
  // Answers are kept by WorkspaceStats under the generation, not here.
  CountingStore inner;
  CachedStore cached(inner, 8);
  const StatsQuery query{"w", 100, 200, {}, {}};
  ASSERT_EQ(cached.QueryActivity(query)->distinct_images_labeled, 0);
  ASSERT_TRUE(cached.IngestEvents({}).ok());
  EXPECT_EQ(cached.QueryActivity(query)->distinct_images_labeled, 1);
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

TEST(CachedStoreTest, RemembersAtMostCapacityKeyChecks) {
  CountingStore inner;
  CachedStore cached(inner, 2);
  for (const char* key : {"a", "b", "c"}) {
    ASSERT_TRUE(cached.WorkspaceHasKey("w", key).ok());
  }
  EXPECT_EQ(inner.key_checks, 3);
  for (const char* key : {"a", "b", "c"}) {
    ASSERT_TRUE(cached.WorkspaceHasKey("w", key).ok());
  }
  EXPECT_EQ(inner.key_checks, 4);  // only "c" was not remembered
}

}  // namespace
}  // namespace insights
