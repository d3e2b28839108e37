#ifndef INSIGHTS_SERVER_RPC_CALL_WORKERS_H_
#define INSIGHTS_SERVER_RPC_CALL_WORKERS_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace insights {

// A fixed set of threads for the slow part of calls taken by threads that
// must not block on the database (StatsHandler's, the gateway's). The
// queue is bounded, so that a flood of calls is refused instead of piling
// up. Thread-safe.
class CallWorkers final {
 public:
  CallWorkers(int threads, size_t max_queued);
  // Runs what is queued, then joins the threads.
  ~CallWorkers();

  CallWorkers(const CallWorkers&) = delete;
  CallWorkers& operator=(const CallWorkers&) = delete;

  // Queues `work`; false, without running it, when the queue is full.
  bool Submit(std::function<void()> work);

 private:
  void Run();

  const size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_CALL_WORKERS_H_
