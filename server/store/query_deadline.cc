#include "server/store/query_deadline.h"

namespace insights {
namespace {

// Virtual-machine steps between two looks at the clock: a look costs tens
// of nanoseconds, a thousand steps some microseconds.
constexpr int kStepsBetweenChecks = 1000;

}  // namespace

QueryDeadline::QueryDeadline(sqlite3* db,
                             std::chrono::system_clock::time_point deadline)
    : db_(db), deadline_(deadline) {
  if (deadline_ != std::chrono::system_clock::time_point::max()) {
    sqlite3_progress_handler(db_, kStepsBetweenChecks, &QueryDeadline::Check,
                             this);
  }
}

QueryDeadline::~QueryDeadline() {
  sqlite3_progress_handler(db_, 0, nullptr, nullptr);
}

bool QueryDeadline::Expired() {
  if (!passed_ && std::chrono::system_clock::now() >= deadline_) {
    passed_ = true;
  }
  return passed_;
}

int QueryDeadline::Check(void* self) {
  // Non-zero: SQLite interrupts the statement.
  return static_cast<QueryDeadline*>(self)->Expired() ? 1 : 0;
}

}  // namespace insights
