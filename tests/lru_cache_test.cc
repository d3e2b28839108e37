#include "common/lru_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace insights {
namespace {

TEST(LruCacheTest, FindsWhatWasInserted) {
  LruCache<int> cache(2);
  cache.Insert("a", 1);
  ASSERT_NE(cache.Find("a"), nullptr);
  EXPECT_EQ(*cache.Find("a"), 1);
  EXPECT_EQ(cache.Find("b"), nullptr);
}

TEST(LruCacheTest, DropsTheLeastRecentlyUsedWhenFull) {
  LruCache<int> cache(2);
  cache.Insert("a", 1);
  cache.Insert("b", 2);
  ASSERT_NE(cache.Find("a"), nullptr);  // now "b" is the oldest
  cache.Insert("c", 3);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_NE(cache.Find("a"), nullptr);
  EXPECT_EQ(cache.Find("b"), nullptr);
  EXPECT_NE(cache.Find("c"), nullptr);
}

TEST(LruCacheTest, InsertingAKnownKeyReplacesItsValue) {
  LruCache<std::string> cache(2);
  cache.Insert("a", "old");
  cache.Insert("a", "new");
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(*cache.Find("a"), "new");
}

TEST(LruCacheTest, ClearForgetsEverything) {
  LruCache<int> cache(4);
  cache.Insert("a", 1);
  cache.Insert("b", 2);
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Find("a"), nullptr);
  cache.Insert("a", 3);
  EXPECT_EQ(*cache.Find("a"), 3);
}

TEST(LruCacheTest, ZeroCapacityKeepsNothing) {
  LruCache<int> cache(0);
  cache.Insert("a", 1);
  EXPECT_EQ(cache.Find("a"), nullptr);
}

}  // namespace
}  // namespace insights
