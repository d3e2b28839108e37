#ifndef INSIGHTS_SERVER_STORE_QUERY_DEADLINE_H_
#define INSIGHTS_SERVER_STORE_QUERY_DEADLINE_H_

#include <sqlite3.h>

#include <chrono>

namespace insights {

// Stops the statements of one connection once `deadline` passes, for as
// long as it lives: SQLite then fails them with SQLITE_INTERRUPT, and the
// caller reports DEADLINE_EXCEEDED instead of their error. The check runs
// every few thousand virtual-machine steps, so a query overruns its
// deadline by microseconds, not by the rest of its work.
class QueryDeadline final {
 public:
  QueryDeadline(sqlite3* db, std::chrono::system_clock::time_point deadline);
  ~QueryDeadline();

  QueryDeadline(const QueryDeadline&) = delete;
  QueryDeadline& operator=(const QueryDeadline&) = delete;

  // Whether the deadline has been seen to pass: by SQLite between steps,
  // or by Expired().
  bool passed() const { return passed_; }

  // Looks at the clock now, for the caller's own work between rows, which
  // SQLite's step count does not see.
  bool Expired();

 private:
  static int Check(void* self);

  sqlite3* const db_;
  const std::chrono::system_clock::time_point deadline_;
  bool passed_ = false;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_QUERY_DEADLINE_H_
