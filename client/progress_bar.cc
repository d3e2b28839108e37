#include "client/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <string>

namespace insights {

ProgressBar::ProgressBar(int64_t total)
    : total_(std::max<int64_t>(total, 1)), enabled_(isatty(STDERR_FILENO)) {}

ProgressBar::~ProgressBar() {
  if (enabled_ && last_percent_ >= 0) std::fputc('\n', stderr);
}

void ProgressBar::Update(int64_t done, int64_t events) {
  if (!enabled_) return;
  const int percent =
      static_cast<int>(std::min<int64_t>(100, done * 100 / total_));
  if (percent == last_percent_) return;
  last_percent_ = percent;
  constexpr int kWidth = 40;
  const int filled = percent * kWidth / 100;
  const std::string bar =
      std::string(filled, '#') + std::string(kWidth - filled, '.');
  std::fprintf(stderr, "\r[%s] %3d%%  %lld events sent", bar.c_str(), percent,
               static_cast<long long>(events));
  std::fflush(stderr);
}

}  // namespace insights
