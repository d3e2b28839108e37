#include "server/store/since_counts.h"

#include <gtest/gtest.h>

namespace insights {
namespace {

TEST(SinceCountsTest, CountsImagesLastSeenBeforeTheDay) {
  SinceCounts counts;
  counts.Add(SinceCounts::kNever, 5);  // new images
  counts.Add(100, 2);
  counts.Add(103, 1);
  EXPECT_EQ(counts.CountBefore(100), 5);  // the day itself is not before
  EXPECT_EQ(counts.CountBefore(101), 7);
  EXPECT_EQ(counts.CountBefore(200), 8);
}

TEST(SinceCountsTest, AnImageSeenAgainMovesBetweenDays) {
  // The next occurrence of an image that was new now follows day 100.
  SinceCounts counts;
  counts.Add(SinceCounts::kNever, 1);
  counts.Add(SinceCounts::kNever, -1);
  counts.Add(100, 1);
  EXPECT_EQ(counts.CountBefore(100), 0);
  EXPECT_EQ(counts.CountBefore(101), 1);
  // A day whose count returns to zero leaves no entry behind.
  counts.Add(100, -1);
  EXPECT_TRUE(counts.empty());
  EXPECT_EQ(counts.ToBlob(), "");
}

TEST(SinceCountsTest, BlobRoundTripAndDirectCountAgree) {
  SinceCounts counts;
  counts.Add(SinceCounts::kNever, 70000);
  counts.Add(-3, 2);  // days before 1970 are valid days
  counts.Add(19500, 9);
  SinceCounts other;
  other.Add(19500, 1);
  other.Add(19600, 4);
  counts.AddAll(other);

  const std::string blob = counts.ToBlob();
  EXPECT_EQ(blob.size(), 4u * 8u);
  const SinceCounts read = SinceCounts::FromBlob(blob);
  for (CivilDay day : {SinceCounts::kNever, -3, -2, 0, 19500, 19501, 19601}) {
    EXPECT_EQ(read.CountBefore(day), counts.CountBefore(day)) << day;
    EXPECT_EQ(SinceCounts::CountBefore(blob, day), counts.CountBefore(day))
        << day;
  }
  EXPECT_EQ(counts.CountBefore(19601), 70016);
}

TEST(SinceCountsTest, MalformedBlobReadsAsEmpty) {
  EXPECT_TRUE(SinceCounts::FromBlob("abc").empty());
  EXPECT_EQ(SinceCounts::CountBefore("abcdefghi", 10), 0);
}

}  // namespace
}  // namespace insights
