#ifndef INSIGHTS_BENCH_LATENCY_SUMMARY_H_
#define INSIGHTS_BENCH_LATENCY_SUMMARY_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace insights::bench {

// What a load run reports: calls that succeeded inside the measured window,
// the failures there, the window's length and each call's latency.
struct LoadResult {
  int64_t calls = 0;
  int64_t errors = 0;
  double seconds = 0;
  std::vector<double> latencies_ms;
  std::string first_error;

  // Adds another thread's share of the same window.
  void Merge(const LoadResult& other);
};

// calls, errors, seconds, throughput (calls/s), p50_ms, p99_ms, max_ms and
// first_error as one JSON object. Percentiles are nearest-rank.
nlohmann::json LoadResultJson(LoadResult result);

// Nearest-rank percentile of `sorted_ms` (ascending); 0 when empty.
double Percentile(const std::vector<double>& sorted_ms, double percent);

}  // namespace insights::bench

#endif  // INSIGHTS_BENCH_LATENCY_SUMMARY_H_
