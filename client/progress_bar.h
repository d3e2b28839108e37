#ifndef INSIGHTS_CLIENT_PROGRESS_BAR_H_
#define INSIGHTS_CLIENT_PROGRESS_BAR_H_

#include <cstdint>
#include <cstdio>

namespace insights {

// A one-line progress bar on stderr, drawn only when stderr is a terminal so
// that logs and pipes stay clean. Not thread-safe.
class ProgressBar final {
 public:
  explicit ProgressBar(int64_t total);
  ~ProgressBar();

  // `done` out of the total; `events` is shown beside the bar.
  void Update(int64_t done, int64_t events);

 private:
  const int64_t total_;
  const bool enabled_;
  int last_percent_ = -1;
};

}  // namespace insights

#endif  // INSIGHTS_CLIENT_PROGRESS_BAR_H_
