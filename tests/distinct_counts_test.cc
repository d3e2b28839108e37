// The store's distinct-image counts against a count made the slow way:
// random events on few images over three weeks, ingested in random order
// and batches, asked for every range with and without filters. Then the
// same database taken back to schema version 2 and migrated must answer the
// same.

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <sqlite3.h>

#include <absl/strings/str_format.h>
#include <gtest/gtest.h>

#include "tests/test_fixture.h"

namespace insights {
namespace {

struct Fact {
  std::string project;
  std::string labeler;
  std::string image;
  CivilDay day;
  bool review;
  bool approved;     // reviews
  bool labeled;      // annotations that change the image
  bool marked_null;  // ...and marked it null
  bool assisted;     // ...with model help
};

struct Expected {
  int64_t labeled = 0;
  int64_t marked_null = 0;
  int64_t assisted = 0;
  // (project, labeler) -> (images labeled per session, decided, first pass)
  std::map<std::pair<std::string, std::string>,
           std::tuple<int64_t, int64_t, int64_t>>
      pairs;
};

bool Selected(const std::vector<std::string>& filter, const std::string& id) {
  return filter.empty() ||
         std::find(filter.begin(), filter.end(), id) != filter.end();
}

Expected CountSlowly(const std::vector<Fact>& facts, const StatsQuery& query) {
  std::set<std::string> labeled, marked_null, assisted;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> approved,
      rejected;
  std::map<std::pair<std::string, std::string>,
           std::set<std::pair<CivilDay, std::string>>>
      sessions;
  for (const Fact& f : facts) {
    if (f.day < query.first_day || f.day > query.last_day) continue;
    if (!Selected(query.project_ids, f.project) ||
        !Selected(query.labeler_ids, f.labeler)) {
      continue;
    }
    const std::pair<std::string, std::string> pair{f.project, f.labeler};
    if (f.review) {
      (f.approved ? approved : rejected)[pair].insert(f.image);
      continue;
    }
    if (!f.labeled) continue;
    sessions[pair].insert({f.day, f.image});
    labeled.insert(f.image);
    if (f.marked_null) marked_null.insert(f.image);
    if (f.assisted) assisted.insert(f.image);
  }
  Expected expected{.labeled = static_cast<int64_t>(labeled.size()),
                    .marked_null = static_cast<int64_t>(marked_null.size()),
                    .assisted = static_cast<int64_t>(assisted.size())};
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& [pair, images] : sessions) pairs.insert(pair);
  for (const auto& [pair, images] : approved) pairs.insert(pair);
  for (const auto& [pair, images] : rejected) pairs.insert(pair);
  for (const auto& pair : pairs) {
    std::set<std::string> decided = approved[pair];
    decided.insert(rejected[pair].begin(), rejected[pair].end());
    int64_t first_pass = 0;
    for (const std::string& image : approved[pair]) {
      first_pass += rejected[pair].count(image) == 0 ? 1 : 0;
    }
    expected.pairs[pair] = {static_cast<int64_t>(sessions[pair].size()),
                            static_cast<int64_t>(decided.size()), first_pass};
  }
  return expected;
}

class DistinctCountsTest : public StoreFixture {
 protected:
  // Random events, sent shuffled in random batches with redeliveries.
  void IngestRandomHistory(unsigned seed) {
    std::mt19937 random(seed);
    const auto pick = [&random](int n) {
      return static_cast<int>(random() % static_cast<unsigned>(n));
    };
    std::vector<v1::Event> events;
    for (int i = 0; i < 700; ++i) {
      Fact f{.project = "p" + std::to_string(pick(3)),
             .labeler = "l" + std::to_string(pick(4)),
             .image = "i" + std::to_string(pick(40)),
             .day = 0,
             .review = pick(10) < 3,
             .approved = pick(3) > 0,
             .labeled = pick(8) > 0,
             .marked_null = pick(6) == 0,
             .assisted = pick(3) == 0};
      const int day_of_month = 1 + pick(20);
      const std::string time = absl::StrFormat(
          "2024-03-%02dT%02d:%02d:00Z", day_of_month, pick(24), pick(60));
      f.day = Day(absl::StrFormat("2024-03-%02d", day_of_month));
      const std::string id = "e" + std::to_string(i);
      if (f.review) {
        events.push_back(
            Review(id, time, f.project, f.labeler, f.image, "rev", f.approved));
      } else {
        const Boxes boxes{.added = f.labeled && !f.marked_null ? 1 : 0,
                          .marked_null = f.labeled && f.marked_null,
                          .model_assisted = f.assisted};
        f.marked_null = boxes.marked_null;
        events.push_back(
            Annotate(id, time, f.project, f.labeler, f.image, boxes));
      }
      facts_.push_back(f);
    }
    std::shuffle(events.begin(), events.end(), random);
    for (int i = 0; i < 50; ++i) events.push_back(events[pick(700)]);
    for (size_t at = 0; at < events.size();) {
      const size_t size = std::min(events.size() - at, size_t(1 + pick(60)));
      Put(std::vector<v1::Event>(events.begin() + at,
                                 events.begin() + at + size));
      at += size;
    }
  }

  // Every range of the three weeks, with each kind of filter.
  std::vector<StatsQuery> Queries() const {
    std::vector<StatsQuery> queries;
    const CivilDay first = Day("2024-02-28");
    const CivilDay last = Day("2024-03-22");
    const std::vector<
        std::pair<std::vector<std::string>, std::vector<std::string>>>
        filters = {
            {{}, {}}, {{"p1"}, {}}, {{}, {"l2"}}, {{"p0", "p2"}, {"l0"}}};
    for (CivilDay from = first; from <= last; ++from) {
      for (CivilDay to = from; to <= last; ++to) {
        for (const auto& [projects, labelers] : filters) {
          queries.push_back({kWorkspace, from, to, projects, labelers});
        }
      }
    }
    return queries;
  }

  // Every query's answer from the store against CountSlowly's.
  void ExpectAnswersMatchTheSlowCount() {
    for (const StatsQuery& query : Queries()) {
      SCOPED_TRACE(absl::StrFormat(
          "days %d..%d, %d projects, %d labelers", query.first_day,
          query.last_day, query.project_ids.size(), query.labeler_ids.size()));
      absl::StatusOr<WorkspaceActivity> got = store_->QueryActivity(query);
      ASSERT_TRUE(got.ok()) << got.status();
      const Expected expected = CountSlowly(facts_, query);
      EXPECT_EQ(got->distinct_images_labeled, expected.labeled);
      EXPECT_EQ(got->distinct_images_marked_null, expected.marked_null);
      EXPECT_EQ(got->distinct_images_model_assisted, expected.assisted);
      ASSERT_EQ(got->pairs.size(), expected.pairs.size());
      for (const PairActivity& pair : got->pairs) {
        const auto want =
            expected.pairs.find({pair.project_id, pair.labeler_id});
        ASSERT_NE(want, expected.pairs.end()) << pair.project_id;
        EXPECT_EQ(pair.images_labeled, std::get<0>(want->second));
        EXPECT_EQ(pair.first_pass.decided_images, std::get<1>(want->second));
        EXPECT_EQ(pair.first_pass.approved_first_pass,
                  std::get<2>(want->second));
      }
      if (HasFailure()) return;  // one query's report is enough
    }
  }

  std::vector<Fact> facts_;
};

TEST_F(DistinctCountsTest, EveryRangeAndFilterMatchesACountOfTheEvents) {
  for (unsigned seed : {1u, 2u}) {
    SCOPED_TRACE(seed);
    facts_.clear();
    TearDown();
    SetUp();
    IngestRandomHistory(seed);
    ExpectAnswersMatchTheSlowCount();
  }
}

TEST_F(DistinctCountsTest, Version2DatabaseIsMigratedToTheSameAnswers) {
  IngestRandomHistory(3);
  store_.reset();
  // Back to version 2's shape: its index by code instead of the next codes,
  // and its sessions instead of the version 3 rollups; events are the same.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db,
                   "DROP TABLE symbol_spaces; DROP TABLE sessions;"
                   " DROP TABLE session_images; DROP TABLE image_days;"
                   " DROP TABLE workspace_days;"
                   " CREATE UNIQUE INDEX symbols_by_code"
                   "  ON symbols (scope, kind, code);"
                   " CREATE TABLE sessions (workspace INTEGER, day INTEGER,"
                   "  project INTEGER, labeler INTEGER);"
                   " PRAGMA user_version = 2;",
                   nullptr, nullptr, nullptr),
      SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);

  OpenStore();
  ExpectAnswersMatchTheSlowCount();
  // New images after the migration get codes past the old ones.
  Put({Annotate("late", "2024-03-05T10:00:00Z", "p0", "l0", "new-image",
                {.added = 1})});
  facts_.push_back({.project = "p0",
                    .labeler = "l0",
                    .image = "new-image",
                    .day = Day("2024-03-05"),
                    .review = false,
                    .approved = false,
                    .labeled = true,
                    .marked_null = false,
                    .assisted = false});
  ExpectAnswersMatchTheSlowCount();
}

}  // namespace
}  // namespace insights
