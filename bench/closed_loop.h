#ifndef INSIGHTS_BENCH_CLOSED_LOOP_H_
#define INSIGHTS_BENCH_CLOSED_LOOP_H_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "bench/latency_summary.h"

namespace insights::bench {

struct LoadOptions {
  int concurrency = 16;  // calls in flight at every moment
  int threads = 1;       // client threads, each with its own completion queue
  std::chrono::duration<double> warmup{0.5};
  std::chrono::duration<double> duration{3.0};
  int64_t max_calls = 2'000'000;  // a bound whatever the duration
  std::chrono::milliseconds deadline{30'000};
};

// Starts one asynchronous unary call on `queue` with `context`.
template <typename Response>
using PrepareCall =
    std::function<std::unique_ptr<grpc::ClientAsyncResponseReader<Response>>(
        grpc::ClientContext* context, grpc::CompletionQueue* queue)>;

namespace internal {

template <typename Response>
struct Slot {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader;
  Response response;
  grpc::Status status;
  std::chrono::steady_clock::time_point started;
};

// One thread's share: `slots` calls in flight until `stop_at`. Completions
// inside [measure_from, stop_at] count; the warmup's and the drain's do not.
template <typename Response>
LoadResult RunLoop(const PrepareCall<Response>& prepare, int slots,
                   int64_t max_calls, std::chrono::milliseconds deadline,
                   std::chrono::steady_clock::time_point measure_from,
                   std::chrono::steady_clock::time_point stop_at) {
  using Clock = std::chrono::steady_clock;
  grpc::CompletionQueue queue;
  std::vector<Slot<Response>> calls(static_cast<size_t>(slots));
  auto start = [&](Slot<Response>& slot) {
    slot.context = std::make_unique<grpc::ClientContext>();
    slot.context->set_deadline(std::chrono::system_clock::now() + deadline);
    slot.response.Clear();
    slot.started = Clock::now();
    slot.reader = prepare(slot.context.get(), &queue);
    slot.reader->StartCall();
    slot.reader->Finish(&slot.response, &slot.status, &slot);
  };

  LoadResult result;
  for (auto& slot : calls) start(slot);
  int in_flight = slots;
  bool draining = false;
  Clock::time_point last = measure_from;
  while (in_flight > 0) {
    void* tag = nullptr;
    bool ok = false;
    if (!queue.Next(&tag, &ok)) break;
    --in_flight;
    auto& slot = *static_cast<Slot<Response>*>(tag);
    const Clock::time_point now = Clock::now();
    if (!draining && now >= measure_from && now <= stop_at) {
      if (ok && slot.status.ok()) {
        ++result.calls;
        result.latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(now - slot.started)
                .count());
      } else {
        ++result.errors;
        if (result.first_error.empty())
          result.first_error = slot.status.error_message();
      }
      last = now;
    }
    const bool over =
        now > stop_at || result.calls + result.errors >= max_calls;
    if (over && !draining) {
      // Calls still running are cancelled rather than awaited: a slow query
      // would otherwise stretch the run long past its window.
      draining = true;
      for (auto& other : calls) {
        if (&other != &slot) other.context->TryCancel();
      }
    }
    if (!draining) {
      start(slot);
      ++in_flight;
    }
  }
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
  result.seconds =
      std::chrono::duration<double>(
          (result.calls + result.errors >= max_calls ? last : stop_at) -
          measure_from)
          .count();
  return result;
}

}  // namespace internal

// Keeps options.concurrency calls in flight (split over options.threads
// threads) for the warmup, then for the measured duration, and reports
// what completed in the measured window.
template <typename Response>
LoadResult RunClosedLoop(const PrepareCall<Response>& prepare,
                         const LoadOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto measure_from =
      Clock::now() +
      std::chrono::duration_cast<Clock::duration>(options.warmup);
  const auto stop_at =
      measure_from +
      std::chrono::duration_cast<Clock::duration>(options.duration);
  const int threads =
      std::max(1, std::min(options.threads, options.concurrency));

  std::vector<LoadResult> shares(static_cast<size_t>(threads));
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    const int slots = options.concurrency / threads +
                      (i < options.concurrency % threads ? 1 : 0);
    workers.emplace_back([&, i, slots] {
      shares[static_cast<size_t>(i)] = internal::RunLoop<Response>(
          prepare, slots, options.max_calls / threads, options.deadline,
          measure_from, stop_at);
    });
  }
  LoadResult total;
  for (int i = 0; i < threads; ++i) {
    workers[static_cast<size_t>(i)].join();
    total.Merge(shares[static_cast<size_t>(i)]);
  }
  return total;
}

}  // namespace insights::bench

#endif  // INSIGHTS_BENCH_CLOSED_LOOP_H_
