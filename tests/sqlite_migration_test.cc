// Opening a version 1 database (text ids, per-image day rows) rebuilds it
// into the current schema without losing or changing any number.

#include <sqlite3.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "server/auth/api_key_hash.h"
#include "server/store/sqlite_schema.h"
#include "server/store/sqlite_store.h"
#include "tests/test_fixture.h"

namespace insights {
namespace {

// The version 1 schema as that release created it, with a little activity:
// ann labels i1 on two UTC days (the second via an offset), bob marks i2
// null, and a review rejects then approves ann's i1.
constexpr char kVersion1Database[] = R"sql(
CREATE TABLE workspaces (id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE api_keys (workspace_id TEXT NOT NULL, key_hash TEXT NOT NULL,
  PRIMARY KEY (workspace_id, key_hash)) WITHOUT ROWID;
CREATE TABLE projects (workspace_id TEXT NOT NULL, id TEXT NOT NULL,
  name TEXT NOT NULL, type TEXT NOT NULL, PRIMARY KEY (workspace_id, id))
  WITHOUT ROWID;
CREATE TABLE labelers (id TEXT PRIMARY KEY, display_name TEXT NOT NULL,
  email TEXT NOT NULL, is_system INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE events (workspace_id TEXT NOT NULL, event_id TEXT NOT NULL,
  time_seconds INTEGER NOT NULL, time_nanos INTEGER NOT NULL,
  project_id TEXT NOT NULL, labeler_id TEXT NOT NULL, image_id TEXT NOT NULL,
  kind INTEGER NOT NULL, boxes_added INTEGER NOT NULL,
  boxes_removed INTEGER NOT NULL, boxes_updated INTEGER NOT NULL,
  marked_null INTEGER NOT NULL, model_assisted INTEGER NOT NULL,
  reviewer_id TEXT NOT NULL, review_result INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, event_id)) WITHOUT ROWID;
CREATE TABLE pair_days (workspace_id TEXT, day INTEGER, project_id TEXT,
  labeler_id TEXT, boxes_added INTEGER, boxes_removed INTEGER,
  boxes_updated INTEGER, approved INTEGER, rejected INTEGER);
CREATE TABLE image_days (workspace_id TEXT, day INTEGER, project_id TEXT,
  labeler_id TEXT, image_id TEXT, labeled INTEGER, marked_null INTEGER,
  model_assisted INTEGER, approved INTEGER, rejected INTEGER);
INSERT INTO workspaces VALUES ('acme', 'Acme');
INSERT INTO projects VALUES ('acme', 'p', 'Parcels', 'object-detection');
-- 2024-03-01T10:00:00Z, 2024-03-02T01:00:00+05:00 (= 03-01T20:00Z, day 1),
-- 2024-03-02T09:00:00Z
INSERT INTO events VALUES
 ('acme', 'e1', 1709287200, 0, 'p', 'ann', 'i1', 1, 3, 0, 0, 0, 1, '', 0),
 ('acme', 'e2', 1709323200, 0, 'p', 'ann', 'i1', 1, 0, 1, 0, 0, 0, '', 0),
 ('acme', 'e3', 1709370000, 0, 'p', 'ann', 'i1', 1, 2, 0, 0, 0, 0, '', 0),
 ('acme', 'e4', 1709370000, 0, 'p', 'bob', 'i2', 1, 0, 0, 0, 1, 0, '', 0),
 ('acme', 'e5', 1709373600, 0, 'p', 'ann', 'i1', 2, 0, 0, 0, 0, 0, 'bob', 2),
 ('acme', 'e6', 1709377200, 0, 'p', 'ann', 'i1', 2, 0, 0, 0, 0, 0, 'bob', 1),
 ('acme', 'e7', 1709377200, 0, 'p', 'ann', 'i9', 1, 0, 0, 0, 0, 0, '', 0);
PRAGMA user_version = 1;
)sql";

class SqliteMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/insights-migrate-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/v1.db";
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    const std::string key_row =
        "INSERT INTO api_keys VALUES ('acme', '" + HashApiKey(kKey) + "');";
    ASSERT_EQ(sqlite3_exec(db, kVersion1Database, nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    ASSERT_EQ(sqlite3_exec(db, key_row.c_str(), nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  std::string path_;
};

TEST_F(SqliteMigrationTest, Version1DatabaseIsRebuiltWithTheSameNumbers) {
  auto store = SqliteStore::Open({path_});
  ASSERT_TRUE(store.ok()) << store.status();
  auto answer = GetStats(**store, Request("2024-03-01", "2024-03-02"), kKey);
  ASSERT_TRUE(answer.ok()) << answer.status();

  const auto* ann = FindRow(*answer, "p", "ann");
  ASSERT_NE(ann, nullptr);
  // i1 labeled on March 1 (e1, e2) and March 2 (e3): two sessions; e7 is a
  // no-op. e1 was model-assisted.
  EXPECT_EQ(ann->images_labeled(), 2);
  EXPECT_EQ(ann->model_assisted(), 1);
  EXPECT_EQ(ann->boxes_added(), 5);
  EXPECT_EQ(ann->boxes_removed(), 1);
  EXPECT_EQ(ann->approved(), 1);
  EXPECT_EQ(ann->rejected(), 1);
  EXPECT_EQ(ann->approval_rate(), 0.0);  // rejected before approved
  const auto* bob = FindRow(*answer, "p", "bob");
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->marked_null(), 1);
  EXPECT_EQ(answer->stats().num_images_labeled(), 2);
  EXPECT_EQ(answer->data(0).project_name(), "Parcels");
}

TEST_F(SqliteMigrationTest, MigratedDatabaseRecognisesRedeliveries) {
  auto store = SqliteStore::Open({path_});
  ASSERT_TRUE(store.ok()) << store.status();
  Ingest ingest(**store, "");
  auto again = ingest.IngestEvents(Batch({Annotate(
      "e3", "2024-03-02T09:00:00Z", "p", "ann", "i1", {.added = 2})}));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->duplicate_count(), 1);
  EXPECT_EQ(again->stored_count(), 0);
}

TEST_F(SqliteMigrationTest, MigrationIsRecordedInTheVersion) {
  ASSERT_TRUE(SqliteStore::Open({path_}).ok());
  auto db = Connection::Open(path_, /*create=*/false);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*ReadSchemaVersion(**db), kSchemaVersion);
}

}  // namespace
}  // namespace insights
