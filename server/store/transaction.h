#ifndef INSIGHTS_SERVER_STORE_TRANSACTION_H_
#define INSIGHTS_SERVER_STORE_TRANSACTION_H_

#include <absl/status/status.h>

#include "server/store/sqlite_handle.h"

namespace insights {

// A transaction that rolls back unless committed, so that an early return
// on error leaves nothing half-written.
class Transaction final {
 public:
  // `begin` is "BEGIN IMMEDIATE" for writes (take the write lock up front)
  // or "BEGIN" for a consistent snapshot across several reads.
  Transaction(Connection& db, const char* begin)
      : db_(db), status_(db.Execute(begin)) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (status_.ok() && !committed_) db_.Execute("ROLLBACK").IgnoreError();
  }

  // Whether BEGIN succeeded.
  const absl::Status& status() const { return status_; }

  absl::Status Commit() {
    absl::Status done = db_.Execute("COMMIT");
    committed_ = done.ok();
    return done;
  }

 private:
  Connection& db_;
  absl::Status status_;
  bool committed_ = false;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_TRANSACTION_H_
