#include "server/rpc/call_workers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace insights {
namespace {

TEST(CallWorkersTest, RunsEverythingQueuedBeforeItIsDestroyed) {
  std::atomic<int> ran{0};
  {
    CallWorkers workers(2, 100);
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(workers.Submit([&ran] { ++ran; }));
    }
  }
  EXPECT_EQ(ran.load(), 50);
}

TEST(CallWorkersTest, RefusesWorkBeyondTheQueueBound) {
  std::mutex mutex;
  std::condition_variable released_cv;
  bool released = false;
  std::atomic<int> started{0};
  auto blocker = [&] {
    ++started;
    std::unique_lock<std::mutex> lock(mutex);
    released_cv.wait(lock, [&] { return released; });
  };
  CallWorkers workers(1, 2);
  ASSERT_TRUE(workers.Submit(blocker));
  while (started.load() == 0) std::this_thread::yield();
  // The only thread is busy: two wait in the queue, the third is refused.
  EXPECT_TRUE(workers.Submit([] {}));
  EXPECT_TRUE(workers.Submit([] {}));
  EXPECT_FALSE(workers.Submit([] {}));
  {
    std::lock_guard<std::mutex> lock(mutex);
    released = true;
  }
  released_cv.notify_all();
}

}  // namespace
}  // namespace insights
