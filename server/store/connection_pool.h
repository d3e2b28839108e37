#ifndef INSIGHTS_SERVER_STORE_CONNECTION_POOL_H_
#define INSIGHTS_SERVER_STORE_CONNECTION_POOL_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "server/store/sqlite_handle.h"

namespace insights {

// A fixed set of connections lent to one thread at a time, so that
// concurrent queries run in parallel instead of queueing on one connection.
// Thread-safe.
class ConnectionPool final {
 public:
  // Returns its connection to the pool when destroyed.
  class Lease final {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (connection_) pool_->Release(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  explicit ConnectionPool(std::vector<std::unique_ptr<Connection>> idle)
      : idle_(std::move(idle)) {}

  // Waits until a connection is free.
  Lease Acquire();

 private:
  void Release(std::unique_ptr<Connection> connection);

  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_CONNECTION_POOL_H_
