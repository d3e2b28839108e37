#include "common/event_validation.h"

#include <absl/strings/str_cat.h>

#include "common/id_check.h"
#include "common/limits.h"

namespace insights {
namespace {

// The range google.protobuf.Timestamp allows: years 0001 to 9999.
constexpr int64_t kMinSeconds = -62135596800;
constexpr int64_t kMaxSeconds = 253402300799;

absl::Status CheckCount(const char* name, int64_t value) {
  if (value < 0 || value > kMaxBoxesPerEvent) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, " is ", value, "; it must be between 0 and ", kMaxBoxesPerEvent));
  }
  return absl::OkStatus();
}

absl::Status CheckKind(const v1::Event& event) {
  if (event.has_annotation()) {
    const v1::Annotation& a = event.annotation();
    absl::Status valid = CheckCount("boxesAdded", a.boxes_added());
    if (valid.ok()) valid = CheckCount("boxesRemoved", a.boxes_removed());
    if (valid.ok()) valid = CheckCount("boxesUpdated", a.boxes_updated());
    return valid;
  }
  if (event.has_review()) {
    absl::Status valid = CheckId("reviewerId", event.review().reviewer_id());
    if (valid.ok() && event.review().result() != v1::REVIEW_RESULT_APPROVED &&
        event.review().result() != v1::REVIEW_RESULT_REJECTED) {
      return absl::InvalidArgumentError(
          "result must be \"approved\" or \"rejected\"");
    }
    return valid;
  }
  return absl::InvalidArgumentError(
      "type is missing: an event is an annotation or a review");
}

}  // namespace

absl::Status ValidateEvent(const v1::Event& event) {
  const std::pair<const char*, const std::string*> ids[] = {
      {"eventId", &event.event_id()},
      {"workspaceId", &event.workspace_id()},
      {"projectId", &event.project_id()},
      {"labelerId", &event.labeler_id()},
      {"imageId", &event.image_id()}};
  for (const auto& [name, value] : ids) {
    absl::Status valid = CheckId(name, *value);
    if (!valid.ok()) return valid;
  }
  if (!event.has_time()) {
    return absl::InvalidArgumentError("time is missing");
  }
  if (event.time().seconds() < kMinSeconds ||
      event.time().seconds() > kMaxSeconds || event.time().nanos() < 0 ||
      event.time().nanos() > 999999999) {
    return absl::InvalidArgumentError("time is out of range");
  }
  return CheckKind(event);
}

}  // namespace insights
