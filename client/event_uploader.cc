#include "client/event_uploader.h"

#include <chrono>
#include <thread>

#include <absl/strings/string_view.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/strip.h>

namespace insights {
namespace {

constexpr int kAttempts = 5;
constexpr std::chrono::milliseconds kFirstBackoff{250};

bool IsPassing(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status);
}

}  // namespace

absl::Status EventUploader::Add(v1::Event event, std::string origin) {
  *batch_.add_events() = std::move(event);
  origins_.push_back(std::move(origin));
  if (batch_.events_size() < batch_size_) return absl::OkStatus();
  return Flush();
}

absl::Status EventUploader::Flush() {
  if (batch_.events().empty()) return absl::OkStatus();
  absl::Status sent = SendWithRetries();
  if (!sent.ok()) return Locate(sent);
  sent_ += batch_.events_size();
  batch_.clear_events();
  origins_.clear();
  if (progress_) progress_(sent_);
  return absl::OkStatus();
}

absl::Status EventUploader::SendWithRetries() {
  auto backoff = kFirstBackoff;
  for (int attempt = 1;; ++attempt) {
    auto response = client_.IngestEvents(batch_);
    if (response.ok()) {
      stored_ += response->stored_count();
      duplicates_ += response->duplicate_count();
      return absl::OkStatus();
    }
    if (!IsPassing(response.status()) || attempt == kAttempts) {
      return response.status();
    }
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

absl::Status EventUploader::Locate(const absl::Status& status) const {
  // The server names a bad event by its index in the batch: "event 7: ...".
  absl::string_view message = status.message();
  absl::string_view rest = message;
  int index = -1;
  if (absl::ConsumePrefix(&rest, "event ")) {
    const size_t colon = rest.find(':');
    if (colon != absl::string_view::npos &&
        !absl::SimpleAtoi(rest.substr(0, colon), &index)) {
      index = -1;
    }
  }
  const std::string where =
      index >= 0 && index < static_cast<int>(origins_.size())
          ? origins_[index]
          : absl::StrCat(origins_.front(), " to ", origins_.back());
  return absl::Status(status.code(), absl::StrCat(where, ": ", message));
}

}  // namespace insights
