// The counting rules of SPEC sections 1 and 2, through Ingest and
// WorkspaceStats on a real SqliteStore. Expected values come from the SPEC.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/test_fixture.h"

namespace insights {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

using StatsRulesTest = StoreFixture;

constexpr char kTen[] = "2024-03-10T01:00:00Z";

// An annotate event that only adds `boxes` boxes.
v1::Event Added(const std::string& id, const std::string& time,
                const std::string& project, const std::string& labeler,
                const std::string& image, int64_t boxes) {
  return Annotate(id, time, project, labeler, image, {.added = boxes});
}

v1::GetWorkspaceStatsRequest March() {
  return Request("2024-03-01", "2024-03-31");
}

// --- UTC sessions and date ranges ---

TEST_F(StatsRulesTest, EventAt2330MinusFiveCountsOnTheNextUtcDay) {
  // 23:30 at -05:00 is 04:30 UTC on March 11.
  Put({Added("e1", "2024-03-10T23:30:00-05:00", "p1", "ann", "img1", 2)});
  EXPECT_EQ(MustGet(Request("2024-03-10", "2024-03-10")).data_size(), 0);
  auto day11 = MustGet(Request("2024-03-11", "2024-03-11"));
  ASSERT_EQ(day11.data_size(), 1);
  EXPECT_EQ(day11.data(0).images_labeled(), 1);
  EXPECT_EQ(day11.data(0).boxes_added(), 2);
}

TEST_F(StatsRulesTest, EventsOfOneUtcDayFromDifferentOffsetsFormOneSession) {
  // Both are 2024-03-10T20:00Z: one session, so the image counts once.
  Put({Added("e1", "2024-03-11T01:00:00+05:00", "p1", "ann", "img1", 1),
       Annotate("e2", "2024-03-10T15:00:00-05:00", "p1", "ann", "img1",
                {.updated = 1})});
  auto answer = MustGet(Request("2024-03-10", "2024-03-10"));
  ASSERT_EQ(answer.data_size(), 1);
  EXPECT_EQ(answer.data(0).images_labeled(), 1);
  EXPECT_EQ(answer.data(0).boxes_updated(), 1);
}

TEST_F(StatsRulesTest, UtcMidnightStartsANewSession) {
  Put({Added("e1", "2024-03-10T23:59:59.999Z", "p1", "ann", "img1", 1),
       Added("e2", "2024-03-11T00:00:00Z", "p1", "ann", "img1", 1)});
  auto answer = MustGet(March());
  ASSERT_EQ(answer.data_size(), 1);
  EXPECT_EQ(answer.data(0).images_labeled(), 2);  // two sessions
  EXPECT_EQ(answer.stats().num_images_labeled(), 1);
}

TEST_F(StatsRulesTest, StartAndEndDatesAreBothIncluded) {
  // Boxes 1, 10, 100, 1000 on days 9..12: the sum says which days counted.
  Put({Added("e9", "2024-03-09T12:00:00Z", "p1", "ann", "i9", 1),
       Added("e10", "2024-03-10T00:00:00Z", "p1", "ann", "i10", 10),
       Added("e11", "2024-03-11T23:59:59Z", "p1", "ann", "i11", 100),
       Added("e12", "2024-03-12T00:00:00Z", "p1", "ann", "i12", 1000)});
  auto answer = MustGet(Request("2024-03-10", "2024-03-11"));
  EXPECT_EQ(answer.stats().num_boxes_added(), 110);
  EXPECT_EQ(answer.stats().num_images_labeled(), 2);
  auto one_day = MustGet(Request("2024-03-12", "2024-03-12"));
  EXPECT_EQ(one_day.stats().num_boxes_added(), 1000);
}

TEST_F(StatsRulesTest, StartBeforeHistoryStartIsClamped) {
  Put({Added("old", "2023-07-31T23:00:00Z", "p1", "ann", "i1", 1),
       Added("new", "2023-08-01T00:00:00Z", "p1", "ann", "i2", 10)});
  auto answer = MustGet(Request("2023-01-01", "2023-08-31"));
  EXPECT_EQ(answer.stats().num_boxes_added(), 10);
  // No startDate means the history start as well.
  EXPECT_EQ(MustGet(Request("", "2023-08-31")).stats().num_boxes_added(), 10);
}

TEST_F(StatsRulesTest, EarlierHistoryStartCountsEarlierEvents) {
  Put({Added("e1", "2019-12-31T23:00:00Z", "p1", "ann", "i0", 1000),
       Added("e2", "2020-01-01T00:00:00Z", "p1", "ann", "i1", 1),
       Added("e3", "2023-07-31T23:00:00Z", "p1", "ann", "i2", 10)});
  // With history from 2020-01-01 only the 2019 event stays out.
  auto answer = MustGet(Request("2019-01-01", "2023-08-31"), "2020-01-01");
  EXPECT_EQ(answer.stats().num_boxes_added(), 11);
  auto no_start = MustGet(Request("", "2023-08-31"), "2020-01-01");
  EXPECT_EQ(no_start.stats().num_boxes_added(), 11);
}

TEST_F(StatsRulesTest, EndBeforeHistoryStartGivesAnEmptyAnswer) {
  // The given start is not after the given end, so this is no error; the
  // clamped range is empty (documented in server/stats/date_range.h).
  Put({Added("e1", "2023-07-01T00:00:00Z", "p1", "ann", "i1", 1)});
  auto answer = MustGet(Request("2023-06-01", "2023-07-31"));
  EXPECT_EQ(answer.data_size(), 0);
  EXPECT_EQ(answer.meta().notices_size(), 1);
}

TEST_F(StatsRulesTest, NoticeNamesTheHistoryStartInForce) {
  auto standard = MustGet(March());
  ASSERT_EQ(standard.meta().notices_size(), 1);
  EXPECT_THAT(standard.meta().notices(0), HasSubstr("2023-08-01"));
  auto custom = MustGet(March(), "2020-01-01");
  ASSERT_EQ(custom.meta().notices_size(), 1);
  EXPECT_THAT(custom.meta().notices(0), HasSubstr("2020-01-01"));
  EXPECT_THAT(custom.meta().notices(0), Not(HasSubstr("2023-08-01")));
}

// --- Per-session and distinct image counts ---

TEST_F(StatsRulesTest, SameImageOnTwoDaysCountsTwicePerLabelerOnceInTotals) {
  Put({Added("e1", "2024-03-10T09:00:00Z", "p1", "ann", "img1", 2),
       Added("e2", "2024-03-11T09:00:00Z", "p1", "ann", "img1", 1),
       Added("e3", "2024-03-10T10:00:00Z", "p1", "bob", "img1", 1)});
  auto answer = MustGet(March());
  ASSERT_EQ(answer.data_size(), 2);
  EXPECT_EQ(FindRow(answer, "p1", "ann")->images_labeled(), 2);
  EXPECT_EQ(FindRow(answer, "p1", "bob")->images_labeled(), 1);
  EXPECT_EQ(answer.stats().num_images_labeled(), 1);
  EXPECT_EQ(answer.stats().num_boxes_added(), 4);
}

TEST_F(StatsRulesTest, SeveralEventsOnOneImageInOneSessionCountOnce) {
  Put({Annotate("e1", "2024-03-10T09:00:00Z", "p1", "ann", "img1",
                {.added = 3, .marked_null = true}),
       Annotate("e2", "2024-03-10T10:00:00Z", "p1", "ann", "img1",
                {.removed = 1, .marked_null = true, .model_assisted = true}),
       Annotate("e3", "2024-03-10T11:00:00Z", "p1", "ann", "img1",
                {.updated = 2, .model_assisted = true})});
  auto answer = MustGet(March());
  ASSERT_EQ(answer.data_size(), 1);
  const v1::LabelerProjectStats& row = answer.data(0);
  EXPECT_EQ(row.images_labeled(), 1);
  EXPECT_EQ(row.marked_null(), 1);
  EXPECT_EQ(row.model_assisted(), 1);
  EXPECT_EQ(row.boxes_added(), 3);
  EXPECT_EQ(row.boxes_removed(), 1);
  EXPECT_EQ(row.boxes_updated(), 2);
}

TEST_F(StatsRulesTest, MarkedNullAndModelAssistCountPerSessionOnceInTotals) {
  // ann: img1 null on days 10 and 11, img2 assisted on days 10 and 12;
  // bob: img3 null and img2 assisted on day 10.
  const Boxes null{.marked_null = true};
  const Boxes assisted{.added = 1, .model_assisted = true};
  Put({Annotate("e1", "2024-03-10T01:00:00Z", "p1", "ann", "img1", null),
       Annotate("e2", "2024-03-11T01:00:00Z", "p1", "ann", "img1", null),
       Annotate("e3", "2024-03-10T02:00:00Z", "p1", "ann", "img2", assisted),
       Annotate("e4", "2024-03-12T02:00:00Z", "p1", "ann", "img2", assisted),
       Annotate("e5", "2024-03-10T03:00:00Z", "p1", "bob", "img3", null),
       Annotate("e6", "2024-03-10T03:00:00Z", "p1", "bob", "img2", assisted)});
  auto answer = MustGet(March());
  const v1::LabelerProjectStats* ann = FindRow(answer, "p1", "ann");
  const v1::LabelerProjectStats* bob = FindRow(answer, "p1", "bob");
  ASSERT_TRUE(ann && bob);
  EXPECT_EQ(ann->images_labeled(), 4);  // day10 {1,2}, day11 {1}, day12 {2}
  EXPECT_EQ(ann->marked_null(), 2);
  EXPECT_EQ(ann->model_assisted(), 2);
  EXPECT_EQ(bob->images_labeled(), 2);
  EXPECT_EQ(bob->marked_null(), 1);
  EXPECT_EQ(bob->model_assisted(), 1);
  EXPECT_EQ(answer.stats().num_images_labeled(), 3);
  EXPECT_EQ(answer.stats().num_images_marked_null(), 2);           // img1, img3
  EXPECT_EQ(answer.stats().total_images_using_model_assist(), 1);  // img2
}

TEST_F(StatsRulesTest, SameImageIdInTwoProjectsIsOneImageInTotals) {
  Put({Added("e1", kTen, "p1", "ann", "img1", 1),
       Added("e2", kTen, "p2", "ann", "img1", 1)});
  auto answer = MustGet(March());
  EXPECT_EQ(answer.data_size(), 2);
  EXPECT_EQ(answer.stats().num_images_labeled(), 1);
}

TEST_F(StatsRulesTest, RemovingUpdatingOrMarkingNullEachLabelsTheImage) {
  Put({Annotate("e1", kTen, "p1", "ann", "i1", {.removed = 1}),
       Annotate("e2", kTen, "p1", "ann", "i2", {.updated = 1}),
       Annotate("e3", kTen, "p1", "ann", "i3", {.marked_null = true})});
  EXPECT_EQ(MustGet(March()).stats().num_images_labeled(), 3);
}

TEST_F(StatsRulesTest, NoOpAnnotateEventCountsNowhere) {
  Put({Annotate("e1", kTen, "p1", "ann", "img1", {.model_assisted = true})});
  auto answer = MustGet(March());
  EXPECT_EQ(answer.data_size(), 0);
  EXPECT_EQ(answer.labelers_size(), 0);
  EXPECT_EQ(answer.stats().num_images_labeled(), 0);
  EXPECT_EQ(answer.stats().total_images_using_model_assist(), 0);
}

TEST_F(StatsRulesTest, NoOpAssistedEventDoesNotMakeALabeledImageAssisted) {
  Put({Added("e1", kTen, "p1", "ann", "img1", 1),
       Annotate("e2", "2024-03-10T02:00:00Z", "p1", "ann", "img1",
                {.model_assisted = true})});
  auto answer = MustGet(March());
  ASSERT_EQ(answer.data_size(), 1);
  EXPECT_EQ(answer.data(0).images_labeled(), 1);
  EXPECT_EQ(answer.data(0).model_assisted(), 0);
  EXPECT_EQ(answer.stats().total_images_using_model_assist(), 0);
}

TEST_F(StatsRulesTest, NetBoxCountsMayBeNegative) {
  Put({Annotate("e1", kTen, "p1", "ann", "img1",
                {.added = 1, .removed = 5, .updated = 3})});
  auto answer = MustGet(March());
  ASSERT_EQ(answer.data_size(), 1);
  EXPECT_EQ(answer.data(0).boxes_drawn(), -4);
  EXPECT_EQ(answer.data(0).net_boxes_added(), -4);
  EXPECT_EQ(answer.data(0).net_boxes_updated(), 3);
  EXPECT_EQ(answer.stats().num_boxes_drawn(), -4);
  EXPECT_EQ(answer.stats().net_boxes_added(), -4);
  EXPECT_EQ(answer.stats().net_boxes_updated(), 3);
}

// --- At-least-once delivery ---

TEST_F(StatsRulesTest, RedeliveredEventsAreCountedOnceAndReportedAsDuplicates) {
  const v1::Event e1 = Added("e1", kTen, "p1", "ann", "img1", 2);
  const v1::Event e2 = Review("e2", kTen, "p1", "ann", "img1", "rev", true);
  const v1::Event e3 = Added("e3", kTen, "p1", "ann", "img2", 5);
  Put({e1, e2});
  auto again = IngestBatch({e1, e2, e3});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->stored_count(), 1);
  EXPECT_EQ(again->duplicate_count(), 2);
  // The same event twice in one batch: stored once, one duplicate.
  const v1::Event e4 =
      Annotate("e4", kTen, "p1", "ann", "img2", {.removed = 1});
  auto within = IngestBatch({e4, e4});
  ASSERT_TRUE(within.ok()) << within.status();
  EXPECT_EQ(within->stored_count(), 1);
  EXPECT_EQ(within->duplicate_count(), 1);

  auto answer = MustGet(March());
  ASSERT_EQ(answer.data_size(), 1);
  EXPECT_EQ(answer.data(0).boxes_added(), 7);
  EXPECT_EQ(answer.data(0).boxes_removed(), 1);
  EXPECT_EQ(answer.data(0).approved(), 1);
  EXPECT_EQ(answer.data(0).images_labeled(), 2);
}

TEST_F(StatsRulesTest, ConflictingRedeliveryRefusesTheWholeBatch) {
  Put({Added("e1", kTen, "p1", "ann", "img1", 2)});
  const v1::Event fresh = Added("e5", kTen, "p1", "ann", "img5", 100);
  auto refused =
      IngestBatch({fresh, Added("e1", kTen, "p1", "ann", "img1", 3)});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(MessageOf(refused), HasSubstr("\"e1\""));
  // Two contents for one new id within a batch conflict as well.
  auto twice = IngestBatch({Added("e7", kTen, "p1", "ann", "img7", 1),
                            Added("e7", kTen, "p1", "ann", "img7", 2)});
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(MessageOf(twice), HasSubstr("\"e7\""));

  EXPECT_EQ(MustGet(March()).stats().num_boxes_added(), 2);
  // e5 was not kept: sent again, it is stored, not a duplicate.
  auto retried = IngestBatch({fresh});
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->stored_count(), 1);
}

// --- Reviews and the first-pass approval rate ---

TEST_F(StatsRulesTest, ReviewOnlyPairStillGetsADataRow) {
  Put({Review("r1", kTen, "p1", "carl", "img9", "rev", true)});
  auto answer = MustGet(March());
  ASSERT_EQ(answer.data_size(), 1);
  EXPECT_EQ(answer.data(0).labeler_id(), "carl");
  EXPECT_EQ(answer.data(0).images_labeled(), 0);
  EXPECT_EQ(answer.data(0).approved(), 1);
  EXPECT_DOUBLE_EQ(answer.data(0).approval_rate(), 100.0);
  ASSERT_EQ(answer.labelers_size(), 1);
  EXPECT_EQ(answer.labelers(0).id(), "carl");
  EXPECT_EQ(answer.stats().num_images_labeled(), 0);
}

TEST_F(StatsRulesTest, RejectedThenApprovedCountsInBothButIsNotFirstPass) {
  Put({Review("r1", "2024-03-10T01:00:00Z", "p1", "ann", "img1", "x", false),
       Review("r2", "2024-03-11T01:00:00Z", "p1", "ann", "img1", "x", true),
       Review("r3", "2024-03-11T02:00:00Z", "p1", "ann", "img2", "x", true)});
  auto answer = MustGet(March());
  ASSERT_EQ(answer.data_size(), 1);
  EXPECT_EQ(answer.data(0).approved(), 2);
  EXPECT_EQ(answer.data(0).rejected(), 1);
  EXPECT_DOUBLE_EQ(answer.data(0).approval_rate(), 50.0);  // img2 of 2
  EXPECT_DOUBLE_EQ(answer.stats().approval_rate(), 50.0);
}

TEST_F(StatsRulesTest, RejectionBeforeTheRangeDoesNotSpoilFirstPass) {
  Put({Review("r1", "2024-03-09T01:00:00Z", "p1", "ann", "img1", "x", false),
       Review("r2", "2024-03-10T01:00:00Z", "p1", "ann", "img1", "x", true)});
  auto answer = MustGet(Request("2024-03-10", "2024-03-31"));
  ASSERT_EQ(answer.data_size(), 1);
  EXPECT_EQ(answer.data(0).rejected(), 0);
  EXPECT_DOUBLE_EQ(answer.data(0).approval_rate(), 100.0);
  EXPECT_DOUBLE_EQ(MustGet(March()).data(0).approval_rate(), 0.0);
}

TEST_F(StatsRulesTest, TwentyNineOfThirtyTwoRoundsHalfUpTo90Point63) {
  // 29 / 32 = 90.625 exactly: the half goes up.
  std::vector<v1::Event> reviews;
  for (int i = 0; i < 32; ++i) {
    const std::string n = std::to_string(i);
    reviews.push_back(Review("r" + n, kTen, "p1", "ann", "img" + n, "rev",
                             /*approved=*/i < 29));
  }
  Put(reviews);
  auto answer = MustGet(March());
  ASSERT_EQ(answer.data_size(), 1);
  EXPECT_EQ(answer.data(0).approved(), 29);
  EXPECT_EQ(answer.data(0).rejected(), 3);
  EXPECT_DOUBLE_EQ(answer.data(0).approval_rate(), 90.63);
  EXPECT_DOUBLE_EQ(answer.stats().approval_rate(), 90.63);
}

TEST_F(StatsRulesTest, TwoOfThreeImagesOnFirstPassIs66Point67) {
  // img1 approved; img2 approved twice; img3 rejected then approved.
  Put({Review("r1", "2024-03-10T01:00:00Z", "p1", "ann", "img1", "x", true),
       Review("r2", "2024-03-10T01:00:00Z", "p1", "ann", "img2", "x", true),
       Review("r3", "2024-03-12T01:00:00Z", "p1", "ann", "img2", "y", true),
       Review("r4", "2024-03-10T01:00:00Z", "p1", "ann", "img3", "x", false),
       Review("r5", "2024-03-10T05:00:00Z", "p1", "ann", "img3", "x", true)});
  auto answer = MustGet(March());
  ASSERT_EQ(answer.data_size(), 1);
  EXPECT_EQ(answer.data(0).approved(), 4);
  EXPECT_EQ(answer.data(0).rejected(), 1);
  EXPECT_DOUBLE_EQ(answer.data(0).approval_rate(), 66.67);
}

TEST_F(StatsRulesTest, TotalRateIsOverEveryProjectLabelerImage) {
  // ann: img1 approved (1 of 1). bob: img1 rejected, img2 approved (1 of 2).
  // The same img1 under two labelers is two decided items: 2 of 3.
  Put({Review("r1", kTen, "p1", "ann", "img1", "x", true),
       Review("r2", kTen, "p1", "bob", "img1", "x", false),
       Review("r3", kTen, "p1", "bob", "img2", "x", true)});
  auto answer = MustGet(March());
  EXPECT_DOUBLE_EQ(FindRow(answer, "p1", "ann")->approval_rate(), 100.0);
  EXPECT_DOUBLE_EQ(FindRow(answer, "p1", "bob")->approval_rate(), 50.0);
  EXPECT_DOUBLE_EQ(answer.stats().approval_rate(), 66.67);
}

TEST_F(StatsRulesTest, NoDecisionMeansNoApprovalRate) {
  Put({Added("e1", kTen, "p1", "ann", "img1", 1)});
  auto unreviewed = MustGet(March());
  ASSERT_EQ(unreviewed.data_size(), 1);
  EXPECT_FALSE(unreviewed.data(0).has_approval_rate());
  EXPECT_FALSE(unreviewed.stats().has_approval_rate());

  Put({Review("r1", kTen, "p1", "bob", "img1", "x", false)});
  auto mixed = MustGet(March());
  EXPECT_FALSE(FindRow(mixed, "p1", "ann")->has_approval_rate());
  ASSERT_TRUE(FindRow(mixed, "p1", "bob")->has_approval_rate());
  EXPECT_DOUBLE_EQ(FindRow(mixed, "p1", "bob")->approval_rate(), 0.0);
  ASSERT_TRUE(mixed.stats().has_approval_rate());
  EXPECT_DOUBLE_EQ(mixed.stats().approval_rate(), 0.0);
}

// --- Identity, catalog, order and filters ---

TEST_F(StatsRulesTest, SystemAndUncataloguedLabelersGetPlaceholders) {
  PutLabeler("ann", "Ann Lee", "ann@example.com");
  PutLabeler("autolabelservice", "Auto Labeler", "auto@example.com", true);
  Put({Added("e1", kTen, "p1", "ghost", "i1", 1),
       Added("e2", kTen, "p1", "autolabelservice", "i2", 1),
       Added("e3", kTen, "p1", "ann", "i3", 1)});
  auto answer = MustGet(March());
  ASSERT_EQ(answer.labelers_size(), 3);
  EXPECT_EQ(answer.labelers(0).id(), "ann");
  EXPECT_EQ(answer.labelers(0).display_name(), "Ann Lee");
  EXPECT_EQ(answer.labelers(0).email(), "ann@example.com");
  EXPECT_EQ(answer.labelers(1).id(), "autolabelservice");
  EXPECT_EQ(answer.labelers(1).display_name(), "autolabelservice");
  EXPECT_EQ(answer.labelers(1).email(), "");
  EXPECT_EQ(answer.labelers(2).id(), "ghost");
  EXPECT_EQ(answer.labelers(2).display_name(), "ghost");
  EXPECT_EQ(answer.labelers(2).email(), "");
}

TEST_F(StatsRulesTest, ProjectNameAndTypeComeFromTheCatalogOrAreEmpty) {
  PutProject("p1", "Cars", "object-detection");
  Put({Added("e1", kTen, "p1", "ann", "i1", 1),
       Added("e2", kTen, "pz", "ann", "i2", 1)});
  auto answer = MustGet(March());
  ASSERT_EQ(answer.data_size(), 2);
  EXPECT_EQ(answer.data(0).project_name(), "Cars");
  EXPECT_EQ(answer.data(0).project_type(), "object-detection");
  EXPECT_EQ(answer.data(0).workspace_id(), kWorkspace);
  EXPECT_EQ(answer.data(1).project_id(), "pz");
  EXPECT_EQ(answer.data(1).project_name(), "");
  EXPECT_EQ(answer.data(1).project_type(), "");
}

TEST_F(StatsRulesTest, DataIsOrderedByProjectThenLabelerAndLabelersById) {
  Put({Added("e1", kTen, "p2", "zed", "i", 1),
       Added("e2", kTen, "p1", "zed", "i", 1),
       Added("e3", kTen, "p2", "ann", "i", 1),
       Review("e4", kTen, "p1", "bob", "i", "x", true)});
  auto answer = MustGet(March());
  std::vector<std::string> rows, labelers;
  for (const auto& row : answer.data()) {
    rows.push_back(row.project_id() + "/" + row.labeler_id());
  }
  for (const auto& labeler : answer.labelers())
    labelers.push_back(labeler.id());
  EXPECT_THAT(rows, ElementsAre("p1/bob", "p1/zed", "p2/ann", "p2/zed"));
  EXPECT_THAT(labelers, ElementsAre("ann", "bob", "zed"));
}

TEST_F(StatsRulesTest, RepeatedFiltersMeanAnyOfThem) {
  Put({Added("e1", kTen, "p1", "ann", "i1", 1),
       Added("e2", kTen, "p2", "bob", "i2", 10),
       Added("e3", kTen, "p3", "cy", "i3", 100)});
  auto projects = March();
  projects.add_project_id("p1");
  projects.add_project_id("p3");
  auto by_project = MustGet(projects);
  EXPECT_EQ(by_project.data_size(), 2);
  EXPECT_EQ(by_project.stats().num_boxes_added(), 101);
  EXPECT_EQ(by_project.stats().num_images_labeled(), 2);

  auto users = March();
  users.add_user_id("bob");
  users.add_user_id("cy");
  EXPECT_EQ(MustGet(users).stats().num_boxes_added(), 110);

  projects.add_user_id("cy");  // both filters apply
  EXPECT_EQ(MustGet(projects).stats().num_boxes_added(), 100);
}

TEST_F(StatsRulesTest, FilterMatchingNothingGivesAnEmptyAnswer) {
  Put({Added("e1", kTen, "p1", "ann", "i1", 1),
       Review("r1", kTen, "p1", "ann", "i1", "x", true)});
  auto by_project = March();
  by_project.add_project_id("nope");
  auto by_user = March();
  by_user.add_user_id("nobody");
  for (const auto& request : {by_project, by_user}) {
    auto answer = MustGet(request);
    EXPECT_EQ(answer.data_size(), 0);
    EXPECT_EQ(answer.labelers_size(), 0);
    EXPECT_EQ(answer.meta().notices_size(), 1);
    EXPECT_EQ(answer.stats().num_images_labeled(), 0);
    EXPECT_EQ(answer.stats().num_boxes_added(), 0);
    EXPECT_FALSE(answer.stats().has_approval_rate());
  }
}

TEST_F(StatsRulesTest, WorkspacesAreIsolated) {
  PutWorkspace("other", {"other-key-0123456789"});
  Put({Added("e1", kTen, "p1", "ann", "img1", 1)});
  // Same event id and image id, other content: no conflict across
  // workspaces.
  auto other = IngestBatch({Annotate("e1", "2024-03-11T01:00:00Z", "p1", "ann",
                                     "img1", {.added = 7}, "other")});
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->stored_count(), 1);

  auto acme = MustGet(March());
  EXPECT_EQ(acme.stats().num_boxes_added(), 1);
  EXPECT_EQ(acme.stats().num_images_labeled(), 1);
  auto theirs =
      Get(Request("2024-03-01", "2024-03-31", "other"), "other-key-0123456789");
  ASSERT_TRUE(theirs.ok()) << theirs.status();
  EXPECT_EQ(theirs->stats().num_boxes_added(), 7);
  EXPECT_EQ(theirs->stats().num_images_labeled(), 1);
  ASSERT_EQ(theirs->data_size(), 1);
  EXPECT_EQ(theirs->data(0).workspace_id(), "other");
}

}  // namespace
}  // namespace insights
