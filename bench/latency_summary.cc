#include "bench/latency_summary.h"

#include <algorithm>
#include <cmath>

namespace insights::bench {

void LoadResult::Merge(const LoadResult& other) {
  calls += other.calls;
  errors += other.errors;
  seconds = std::max(seconds, other.seconds);
  latencies_ms.insert(latencies_ms.end(), other.latencies_ms.begin(),
                      other.latencies_ms.end());
  if (first_error.empty()) first_error = other.first_error;
}

double Percentile(const std::vector<double>& sorted_ms, double percent) {
  if (sorted_ms.empty()) return 0;
  const double rank = std::ceil(percent / 100.0 * sorted_ms.size());
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return sorted_ms[std::min(index, sorted_ms.size() - 1)];
}

nlohmann::json LoadResultJson(LoadResult result) {
  std::sort(result.latencies_ms.begin(), result.latencies_ms.end());
  return {
      {"calls", result.calls},
      {"errors", result.errors},
      {"seconds", result.seconds},
      {"throughput", result.seconds > 0 ? result.calls / result.seconds : 0.0},
      {"p50_ms", Percentile(result.latencies_ms, 50)},
      {"p99_ms", Percentile(result.latencies_ms, 99)},
      {"max_ms",
       result.latencies_ms.empty() ? 0.0 : result.latencies_ms.back()},
      {"first_error", result.first_error},
  };
}

}  // namespace insights::bench
