#include "server/store/image_set.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>

namespace insights {
namespace {

TEST(ImageSetUnionTest, EqualsTheSetOfEveryOrdinalAdded) {
  // Sets of every shape CRoaring has: sparse arrays, runs and dense
  // bitsets, overlapping across 65,536-wide chunks.
  std::mt19937 random(7);
  std::set<uint32_t> expected;
  ImageSetUnion all;
  for (int s = 0; s < 60; ++s) {
    ImageSet set;
    const uint32_t base = (s % 5) * 40000;
    for (int i = 0; i < 3000; ++i) {
      uint32_t ordinal = s % 3 == 0
                             ? base + i  // a run
                             : base + random() % (s % 3 == 1 ? 200000 : 9000);
      set.Add(ordinal);
      expected.insert(ordinal);
    }
    // Through the stored form, as the SQL aggregates see them.
    all.Add(ImageSet::FromBlob(set.ToBlob()));
  }
  ImageSet result = all.Take();
  EXPECT_EQ(result.Count(), expected.size());
  ImageSet naive;
  for (uint32_t ordinal : expected) naive.Add(ordinal);
  EXPECT_EQ(result.ToBlob(), naive.ToBlob());
}

TEST(ImageSetUnionTest, TakeLeavesItEmpty) {
  ImageSetUnion all;
  ImageSet set;
  set.Add(3);
  all.Add(set);
  EXPECT_EQ(all.Take().Count(), 1u);
  EXPECT_EQ(all.Take().Count(), 0u);
}

TEST(ImageSetUnionTest, NothingAddedIsTheEmptySet) {
  ImageSetUnion all;
  ImageSet result = all.Take();
  EXPECT_EQ(result.Count(), 0u);
  EXPECT_EQ(result.ToBlob(), "");
}

}  // namespace
}  // namespace insights
