// The errors of SPEC section 1 through WorkspaceStats::Get, the default end
// date, and independence from the process's local time zone.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <optional>
#include <string>

#include "client/event_json.h"
#include "common/limits.h"
#include "tests/test_fixture.h"

namespace insights {
namespace {

using ::testing::HasSubstr;

using StatsErrorsTest = StoreFixture;

v1::GetWorkspaceStatsRequest March() {
  return Request("2024-03-01", "2024-03-31");
}

// Sets TZ for its lifetime and restores the previous value afterwards.
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* tz) {
    if (const char* old = getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ScopedTimeZone() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  ScopedTimeZone(const ScopedTimeZone&) = delete;
  ScopedTimeZone& operator=(const ScopedTimeZone&) = delete;

 private:
  std::optional<std::string> old_;
};

// --- Authentication ---

TEST_F(StatsErrorsTest, NoKeyIsUnauthenticated) {
  EXPECT_EQ(Get(March(), "").status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(StatsErrorsTest, WrongKeyIsPermissionDenied) {
  EXPECT_EQ(Get(March(), "not-the-key").status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(StatsErrorsTest, UnknownWorkspaceAndWrongKeyGetTheSameAnswer) {
  // The same request before and after workspace "ghost" exists: a caller
  // must not be able to tell the two apart.
  auto before = Get(Request("2024-03-01", "2024-03-31", "ghost"), kKey);
  PutWorkspace("ghost", {"ghost-key-0123456789"});
  auto after = Get(Request("2024-03-01", "2024-03-31", "ghost"), kKey);
  EXPECT_EQ(before.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(after.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(before.status().message(), after.status().message());
}

TEST_F(StatsErrorsTest, KeyOfOneWorkspaceDoesNotOpenAnother) {
  PutWorkspace("other", {"other-key-0123456789"});
  EXPECT_EQ(
      Get(Request("2024-03-01", "2024-03-31", "other"), kKey).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Get(March(), "other-key-0123456789").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      Get(Request("2024-03-01", "2024-03-31", "other"), "other-key-0123456789")
          .ok());
}

TEST_F(StatsErrorsTest, ReplacedKeyNoLongerGrantsAccess) {
  PutWorkspace(kWorkspace, {"fresh-key-0123456789"});
  EXPECT_EQ(Get(March(), kKey).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Get(March(), "fresh-key-0123456789").ok());
}

// --- Dates ---

TEST_F(StatsErrorsTest, DateThatIsNotARealDayNamesTheParameter) {
  for (const char* bad : {"2024-02-30", "2024-1-5", "yesterday"}) {
    auto start = Get(Request(bad, "2024-03-31"));
    EXPECT_EQ(start.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(MessageOf(start), HasSubstr("startDate")) << bad;
    auto end = Get(Request("2024-03-01", bad));
    EXPECT_EQ(end.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(MessageOf(end), HasSubstr("endDate")) << bad;
  }
}

TEST_F(StatsErrorsTest, StartAfterEndIsInvalid) {
  auto answer = Get(Request("2024-03-02", "2024-03-01"));
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(answer), HasSubstr("startDate"));
  // Without an end date the end is today (2024-06-15 by the fixed clock).
  EXPECT_EQ(Get(Request("2024-07-01", "")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Get(Request("2024-06-15", "")).ok());
}

TEST_F(StatsErrorsTest, MissingEndDateIsTodayInUtc) {
  Put({Annotate("e1", "2024-06-15T12:00:00Z", "p1", "ann", "i1", {.added = 1}),
       Annotate("e2", "2024-06-16T00:10:00Z", "p1", "ann", "i2", {.added = 10}),
       Annotate("e3", "2024-06-17T00:00:00Z", "p1", "ann", "i3",
                {.added = 100})});
  // At 00:30Z on June 16 (still June 15 in the Americas) today is June 16.
  auto answer = MustGet(Request("2024-06-01", ""), kDefaultHistoryStart,
                        "2024-06-16T00:30:00Z");
  EXPECT_EQ(answer.stats().num_boxes_added(), 11);
  // At 23:59:59Z on June 15 today is June 15.
  EXPECT_EQ(
      MustGet(Request("", ""), kDefaultHistoryStart, "2024-06-15T23:59:59Z")
          .stats()
          .num_boxes_added(),
      1);
}

TEST_F(StatsErrorsTest, AnswersDoNotDependOnTheProcessTimeZone) {
  Put({Annotate("e1", "2024-06-15T10:00:00Z", "p1", "ann", "i1", {.added = 1}),
       Annotate("e2", "2024-06-15T23:30:00-05:00", "p1", "ann", "i2",
                {.added = 10}),
       Annotate("e3", "2024-06-16T00:10:00Z", "p1", "bob", "i1",
                {.added = 100})});
  // Clocks whose local day differs from the UTC day in one of the zones:
  // 11:00Z is June 16 in Kiritimati (+14), 00:30Z June 15 in Los Angeles.
  const char* const clocks[] = {"2024-06-15T11:00:00Z", "2024-06-16T00:30:00Z"};
  const int64_t expected_boxes[] = {1, 111};
  for (int i = 0; i < 2; ++i) {
    const auto utc_request = Request("2024-06-01", "");
    v1::GetWorkspaceStatsResponse utc;
    {
      ScopedTimeZone zone("UTC");
      utc = MustGet(utc_request, kDefaultHistoryStart, clocks[i]);
    }
    EXPECT_EQ(utc.stats().num_boxes_added(), expected_boxes[i]) << clocks[i];
    for (const char* tz : {"Pacific/Kiritimati", "America/Los_Angeles",
                           "<+14>-14", "PST8PDT,M3.2.0,M11.1.0"}) {
      ScopedTimeZone zone(tz);
      auto local = MustGet(utc_request, kDefaultHistoryStart, clocks[i]);
      EXPECT_EQ(local.SerializeAsString(), utc.SerializeAsString())
          << tz << " at " << clocks[i];
      auto by_day = MustGet(Request("2024-06-16", "2024-06-16"));
      EXPECT_EQ(by_day.stats().num_boxes_added(), 110) << tz;
    }
  }
}

TEST_F(StatsErrorsTest, EventTimesParseToTheSameInstantInEveryTimeZone) {
  constexpr char kLine[] =
      R"({"eventId":"e1","time":"2024-03-10T23:30:00-05:00","type":"annotate",)"
      R"("workspaceId":"acme","projectId":"p1","labelerId":"ann",)"
      R"("imageId":"i1","boxesAdded":1,"boxesRemoved":0,"boxesUpdated":0,)"
      R"("markedNull":false,"modelAssisted":false})";
  for (const char* tz : {"UTC", "Pacific/Kiritimati", "America/Los_Angeles"}) {
    ScopedTimeZone zone(tz);
    auto event = ParseEventJson(kLine);
    ASSERT_TRUE(event.ok()) << event.status();
    // 2024-03-11T04:30:00Z.
    EXPECT_EQ(CivilDayOfUnixSeconds(event->time().seconds()), Day("2024-03-11"))
        << tz;
    EXPECT_EQ(event->time().seconds() % 86400, 4 * 3600 + 30 * 60) << tz;
  }
}

// --- Filters and ids ---

TEST_F(StatsErrorsTest, TooManyFilterValuesNameTheParameter) {
  auto projects = March();
  auto users = March();
  for (int i = 0; i < kMaxFilterValues; ++i) {
    projects.add_project_id("p" + std::to_string(i));
    users.add_user_id("u" + std::to_string(i));
  }
  EXPECT_TRUE(Get(projects).ok());
  EXPECT_TRUE(Get(users).ok());
  projects.add_project_id("one-too-many");
  users.add_user_id("one-too-many");
  auto by_project = Get(projects);
  EXPECT_EQ(by_project.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(by_project), HasSubstr("projectId"));
  auto by_user = Get(users);
  EXPECT_EQ(by_user.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(by_user), HasSubstr("userId"));
}

TEST_F(StatsErrorsTest, OverLongIdsNameTheParameter) {
  const std::string longest(kMaxIdBytes, 'x');
  const std::string too_long(kMaxIdBytes + 1, 'x');
  auto ok_request = March();
  ok_request.add_project_id(longest);
  ok_request.add_user_id(longest);
  EXPECT_TRUE(Get(ok_request).ok());

  auto projects = March();
  projects.add_project_id(too_long);
  auto by_project = Get(projects);
  EXPECT_EQ(by_project.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(by_project), HasSubstr("projectId"));

  auto users = March();
  users.add_user_id(too_long);
  auto by_user = Get(users);
  EXPECT_EQ(by_user.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(by_user), HasSubstr("userId"));

  auto workspace = Get(Request("2024-03-01", "2024-03-31", too_long));
  EXPECT_EQ(workspace.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(workspace), HasSubstr("workspace"));
}

}  // namespace
}  // namespace insights
