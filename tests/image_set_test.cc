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
  EXPECT_EQ(all.Count(), expected.size());
}

TEST(ImageSetUnionTest, CountsADenseChunkOnceOverlapsAreMerged) {
  // Two halves of one 65,536-wide chunk that overlap by 1,000: the lazy
  // merge leaves a bitset whose count must be computed, not assumed.
  ImageSet low, high;
  for (uint32_t i = 0; i < 5000; ++i) low.Add(i);
  for (uint32_t i = 4000; i < 9000; ++i) high.Add(i);
  ImageSetUnion all;
  all.Add(low);
  all.Add(high);
  EXPECT_EQ(all.Count(), 9000u);
  all.Add(low);
  EXPECT_EQ(all.Count(), 9000u);
}

TEST(ImageSetUnionTest, NothingAddedCountsZero) {
  ImageSetUnion all;
  EXPECT_EQ(all.Count(), 0u);
}

}  // namespace
}  // namespace insights
