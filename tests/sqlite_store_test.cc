// SqliteStore itself: durability across reopening, refusal of files it must
// not touch, hashed keys, and concurrent reads during writes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "server/auth/api_key_hash.h"
#include "tests/test_fixture.h"

namespace insights {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using SqliteStoreTest = StoreFixture;

v1::GetWorkspaceStatsRequest March() {
  return Request("2024-03-01", "2024-03-31");
}

// Every byte of the database, its write-ahead log and shared memory file.
std::string AllFileBytes(const std::string& dir) {
  std::string bytes;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    bytes += ReadFileBytes(entry.path().string());
  }
  return bytes;
}

// Runs one statement on `path` with a plain SQLite connection.
void ExecuteSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, ReopeningTheFileKeepsEverything) {
  PutProject("p1", "Cars", "object-detection");
  PutLabeler("ann", "Ann Lee", "ann@example.com");
  Put({Annotate("e1", "2024-03-10T01:00:00Z", "p1", "ann", "img1",
                {.added = 2}),
       Review("r1", "2024-03-10T02:00:00Z", "p1", "ann", "img1", "x", true)});
  const auto before = MustGet(March());

  OpenStore();  // closes the store, then opens the same file again
  ASSERT_NE(store_, nullptr);
  const auto after = MustGet(March());  // the key still works
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString());
  ASSERT_EQ(after.data_size(), 1);
  EXPECT_EQ(after.data(0).project_name(), "Cars");
  EXPECT_EQ(after.data(0).boxes_added(), 2);
  EXPECT_EQ(after.labelers(0).display_name(), "Ann Lee");
  // The stored event is still known: sending it again is a duplicate.
  auto again = IngestBatch({Annotate("e1", "2024-03-10T01:00:00Z", "p1", "ann",
                                     "img1", {.added = 2})});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->duplicate_count(), 1);
}

TEST_F(SqliteStoreTest, NewerSchemaVersionIsRefusedAndLeftUntouched) {
  ingest_.reset();
  store_.reset();
  ExecuteSql(path_, "PRAGMA user_version = 99");
  const std::string bytes = ReadFileBytes(path_);
  ASSERT_FALSE(bytes.empty());

  auto opened = SqliteStore::Open({path_});
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(ReadFileBytes(path_) == bytes) << "the file was changed";
}

TEST_F(SqliteStoreTest, FileThatIsNotADatabaseIsRefusedAndLeftUntouched) {
  const std::string path = dir_ + "/notes.txt";
  std::string text;
  for (int i = 0; i < 200; ++i) text += "these are not the pages of SQLite\n";
  std::ofstream(path, std::ios::binary) << text;

  auto opened = SqliteStore::Open({path});
  EXPECT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition)
      << opened.status();
  EXPECT_TRUE(ReadFileBytes(path) == text) << "the file was changed";
}

TEST_F(SqliteStoreTest, ForeignSqliteDatabaseIsRefusedAndLeftUntouched) {
  // A SQLite file of another program (user_version 0, its own tables) is
  // not a database of this service: the header of SqliteStore::Open
  // promises FAILED_PRECONDITION without changing the file.
  const std::string path = dir_ + "/other-app.db";
  ExecuteSql(path,
             "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
             "INSERT INTO notes (body) VALUES ('keep me');");
  const std::string bytes = ReadFileBytes(path);
  ASSERT_FALSE(bytes.empty());

  auto opened = SqliteStore::Open({path});
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition);
  opened = absl::UnknownError("closed");  // closes the store if it opened
  EXPECT_TRUE(ReadFileBytes(path) == bytes) << "the file was changed";
}

TEST_F(SqliteStoreTest, KeysAreStoredOnlyAsHashes) {
  const std::string key = "plaintext-key-7f3a9c1e5b";
  PutWorkspace("secret", {key});
  auto has = store_->WorkspaceHasKey("secret", HashApiKey(key));
  ASSERT_TRUE(has.ok()) << has.status();
  EXPECT_TRUE(*has);

  EXPECT_THAT(AllFileBytes(dir_), Not(HasSubstr(key)));
  ingest_.reset();
  store_.reset();  // checkpoints the log into the database file
  const std::string bytes = ReadFileBytes(path_);
  EXPECT_THAT(bytes, Not(HasSubstr(key)));
  // The check above would be vacuous if nothing were stored at all.
  EXPECT_THAT(bytes, HasSubstr(HashApiKey(key)));
}

TEST_F(SqliteStoreTest, WorkspaceHasKeyIsFalseForOtherWorkspacesAndKeys) {
  PutWorkspace("other", {"other-key"});
  auto wrong_workspace = store_->WorkspaceHasKey("other", HashApiKey(kKey));
  auto unknown = store_->WorkspaceHasKey("ghost", HashApiKey(kKey));
  auto right = store_->WorkspaceHasKey(kWorkspace, HashApiKey(kKey));
  ASSERT_TRUE(wrong_workspace.ok() && unknown.ok() && right.ok());
  EXPECT_FALSE(*wrong_workspace);
  EXPECT_FALSE(*unknown);
  EXPECT_TRUE(*right);
}

TEST_F(SqliteStoreTest, ProjectOfAMissingWorkspaceIsRefused) {
  v1::PutProjectsRequest request;
  v1::Project& project = *request.add_projects();
  project.set_id("p1");
  project.set_workspace_id("ghost");
  auto put = ingest_->PutProjects(request);
  EXPECT_EQ(put.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(SqliteStoreTest, AQueryPastItsDeadlineStopsAndTheConnectionStaysUsable) {
  std::vector<v1::Event> events;
  for (int i = 0; i < 300; ++i) {
    const std::string n = std::to_string(i);
    events.push_back(
        Annotate("e" + n, "2024-03-10T01:00:00Z", "p" + std::to_string(i % 5),
                 "ann" + std::to_string(i % 7), "img" + n, {.added = 1}));
  }
  Put(events);
  StatsQuery query{kWorkspace, Day("2024-03-01"), Day("2024-03-31"), {}, {}};
  query.deadline = std::chrono::system_clock::now() - std::chrono::seconds(1);
  absl::StatusOr<WorkspaceActivity> late = store_->QueryActivity(query);
  EXPECT_EQ(late.status().code(), absl::StatusCode::kDeadlineExceeded)
      << late.status();
  EXPECT_THAT(std::string(late.status().message()), HasSubstr("deadline"));

  // Every pooled connection still answers, in full, without a deadline.
  query.deadline = std::chrono::system_clock::time_point::max();
  for (int i = 0; i < 16; ++i) {
    absl::StatusOr<WorkspaceActivity> answer = store_->QueryActivity(query);
    ASSERT_TRUE(answer.ok()) << answer.status();
    EXPECT_EQ(answer->distinct_images_labeled, 300);
  }
}

TEST_F(SqliteStoreTest, QueriesDuringIngestSucceedAndSeeWholeBatches) {
  // 20 batches of 10 events, each event a new image with one box: every
  // consistent snapshot has images == boxes == a multiple of 10.
  constexpr int kBatches = 20;
  constexpr int kPerBatch = 10;
  constexpr int kReaders = 8;
  constexpr int kQueriesPerReader = 40;

  std::atomic<int> failed_queries{0};
  std::atomic<int> inconsistent{0};
  std::atomic<int> failed_batches{0};
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    for (int b = 0; b < kBatches; ++b) {
      std::vector<v1::Event> events;
      for (int i = 0; i < kPerBatch; ++i) {
        const std::string n = std::to_string(b * kPerBatch + i);
        events.push_back(Annotate("e" + n, "2024-03-10T01:00:00Z",
                                  "p" + std::to_string(i % 3), "ann", "img" + n,
                                  {.added = 1}));
      }
      if (!ingest_->IngestEvents(Batch(events)).ok()) ++failed_batches;
    }
  });
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&] {
      for (int q = 0; q < kQueriesPerReader; ++q) {
        auto answer = Get(March());
        if (!answer.ok()) {
          ++failed_queries;
          continue;
        }
        const int64_t images = answer->stats().num_images_labeled();
        int64_t row_images = 0;
        for (const auto& row : answer->data()) {
          row_images += row.images_labeled();
        }
        if (images != answer->stats().num_boxes_added() ||
            images != row_images || images % kPerBatch != 0) {
          ++inconsistent;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failed_batches.load(), 0);
  EXPECT_EQ(failed_queries.load(), 0);
  EXPECT_EQ(inconsistent.load(), 0);
  const auto final_answer = MustGet(March());
  EXPECT_EQ(final_answer.stats().num_images_labeled(), kBatches * kPerBatch);
  EXPECT_EQ(final_answer.stats().num_boxes_added(), kBatches * kPerBatch);
  ASSERT_EQ(final_answer.data_size(), 3);  // p0, p1, p2
  // Events i % 3 == 0 of each batch go to p0: i = 0, 3, 6, 9.
  EXPECT_EQ(final_answer.data(0).images_labeled(), 4 * kBatches);
  EXPECT_EQ(final_answer.data(1).images_labeled(), 3 * kBatches);
  EXPECT_EQ(final_answer.data(2).images_labeled(), 3 * kBatches);
}

}  // namespace
}  // namespace insights
