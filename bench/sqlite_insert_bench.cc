// bench-sqlite-insert: the raw ceiling the service's ingest rate is compared
// with. SQLite inserts the same events (the first --limit lines of the file)
// into a plain table with no index, in one transaction, through one prepared
// statement, in WAL mode with synchronous=FULL like the service. Parsing,
// opening and closing the file stay outside the timing.
//
//   bench-sqlite-insert --events FILE --limit N --db FILE [--benchmark_* ...]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include "client/event_json.h"

namespace {

constexpr char kSchema[] =
    "CREATE TABLE events (workspace_id TEXT, event_id TEXT, time_us INTEGER,"
    " type TEXT, project_id TEXT, labeler_id TEXT, image_id TEXT,"
    " boxes_added INTEGER, boxes_removed INTEGER, boxes_updated INTEGER,"
    " marked_null INTEGER, model_assisted INTEGER, reviewer_id TEXT,"
    " result TEXT)";
constexpr char kInsert[] =
    "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
    " ?12, ?13, ?14)";

void Check(int code, sqlite3* db, const char* what) {
  if (code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW) return;
  std::cerr << what << ": " << (db ? sqlite3_errmsg(db) : sqlite3_errstr(code))
            << "\n";
  std::exit(1);
}

void Exec(sqlite3* db, const char* sql) {
  Check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
}

void BindText(sqlite3_stmt* statement, int index, const std::string& text) {
  sqlite3_bind_text(statement, index, text.data(),
                    static_cast<int>(text.size()), SQLITE_STATIC);
}

void BindEvent(sqlite3_stmt* statement, const insights::v1::Event& event) {
  BindText(statement, 1, event.workspace_id());
  BindText(statement, 2, event.event_id());
  sqlite3_bind_int64(
      statement, 3,
      event.time().seconds() * 1'000'000 + event.time().nanos() / 1000);
  BindText(statement, 5, event.project_id());
  BindText(statement, 6, event.labeler_id());
  BindText(statement, 7, event.image_id());
  if (event.has_annotation()) {
    const auto& annotation = event.annotation();
    sqlite3_bind_text(statement, 4, "annotate", -1, SQLITE_STATIC);
    sqlite3_bind_int64(statement, 8, annotation.boxes_added());
    sqlite3_bind_int64(statement, 9, annotation.boxes_removed());
    sqlite3_bind_int64(statement, 10, annotation.boxes_updated());
    sqlite3_bind_int(statement, 11, annotation.marked_null());
    sqlite3_bind_int(statement, 12, annotation.model_assisted());
    sqlite3_bind_null(statement, 13);
    sqlite3_bind_null(statement, 14);
  } else {
    const bool approved =
        event.review().result() == insights::v1::REVIEW_RESULT_APPROVED;
    sqlite3_bind_text(statement, 4, "review", -1, SQLITE_STATIC);
    for (int index = 8; index <= 12; ++index)
      sqlite3_bind_null(statement, index);
    BindText(statement, 13, event.review().reviewer_id());
    sqlite3_bind_text(statement, 14, approved ? "approved" : "rejected", -1,
                      SQLITE_STATIC);
  }
}

// A fresh database file with the empty table, outside the timing.
sqlite3* OpenFresh(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"})
    std::remove((path + suffix).c_str());
  sqlite3* db = nullptr;
  Check(sqlite3_open(path.c_str(), &db), db, "open");
  Exec(db, "PRAGMA journal_mode=WAL");
  Exec(db, "PRAGMA synchronous=FULL");
  Exec(db, kSchema);
  return db;
}

void InsertInOneTransaction(benchmark::State& state,
                            const std::vector<insights::v1::Event>* events,
                            const std::string& path) {
  for (auto _ : state) {
    state.PauseTiming();
    sqlite3* db = OpenFresh(path);
    state.ResumeTiming();

    Exec(db, "BEGIN");
    sqlite3_stmt* statement = nullptr;
    Check(sqlite3_prepare_v2(db, kInsert, -1, &statement, nullptr), db,
          "prepare");
    for (const insights::v1::Event& event : *events) {
      BindEvent(statement, event);
      Check(sqlite3_step(statement), db, "insert");
      sqlite3_reset(statement);
    }
    sqlite3_finalize(statement);
    Exec(db, "COMMIT");

    state.PauseTiming();
    sqlite3_close(db);
    state.ResumeTiming();
  }
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(events->size()) * state.iterations(),
      benchmark::Counter::kIsRate);
}

std::vector<insights::v1::Event> ReadEvents(const std::string& path,
                                            long limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot open " << path << "\n";
    std::exit(1);
  }
  std::vector<insights::v1::Event> events;
  std::string line;
  while (static_cast<long>(events.size()) < limit && std::getline(in, line)) {
    absl::StatusOr<insights::v1::Event> event = insights::ParseEventJson(line);
    if (!event.ok()) {
      std::cerr << path << ": " << event.status() << "\n";
      std::exit(1);
    }
    events.push_back(std::move(*event));
  }
  return events;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::string events_path;
  std::string db_path = "sqlite-insert-ceiling.db";
  long limit = 100'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--events")
      events_path = argv[i + 1];
    else if (flag == "--db")
      db_path = argv[i + 1];
    else if (flag == "--limit")
      limit = std::atol(argv[i + 1]);
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 1;
    }
  }
  if (events_path.empty() || limit <= 0) {
    std::cerr
        << "usage: bench-sqlite-insert --events FILE [--limit N] [--db FILE]\n";
    return 1;
  }

  const std::vector<insights::v1::Event> events =
      ReadEvents(events_path, limit);
  benchmark::RegisterBenchmark("sqlite_insert_one_transaction",
                               [&](benchmark::State& state) {
                                 InsertInOneTransaction(state, &events,
                                                        db_path);
                               })
      ->Iterations(1)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (const char* suffix : {"", "-wal", "-shm"})
    std::remove((db_path + suffix).c_str());
  return 0;
}
