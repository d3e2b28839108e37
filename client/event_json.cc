#include "client/event_json.h"

#include <absl/strings/string_view.h>
#include <absl/strings/str_cat.h>
#include <google/protobuf/util/time_util.h>
#include <nlohmann/json.hpp>

#include "common/event_validation.h"

namespace insights {
namespace {

using nlohmann::json;

absl::Status Missing(absl::string_view field, absl::string_view expected) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, " is missing or not ", expected));
}

absl::StatusOr<std::string> String(const json& object, const char* field) {
  auto found = object.find(field);
  if (found == object.end() || !found->is_string()) {
    return Missing(field, "a string");
  }
  return found->get<std::string>();
}

absl::StatusOr<int64_t> Count(const json& object, const char* field) {
  auto found = object.find(field);
  if (found == object.end() || !found->is_number_integer()) {
    return Missing(field, "an integer");
  }
  return found->get<int64_t>();
}

absl::StatusOr<bool> Flag(const json& object, const char* field) {
  auto found = object.find(field);
  if (found == object.end() || !found->is_boolean()) {
    return Missing(field, "true or false");
  }
  return found->get<bool>();
}

absl::Status ReadAnnotation(const json& object, v1::Annotation& out) {
  absl::StatusOr<int64_t> added = Count(object, "boxesAdded");
  absl::StatusOr<int64_t> removed = Count(object, "boxesRemoved");
  absl::StatusOr<int64_t> updated = Count(object, "boxesUpdated");
  absl::StatusOr<bool> marked_null = Flag(object, "markedNull");
  absl::StatusOr<bool> assisted = Flag(object, "modelAssisted");
  for (const absl::Status& s :
       {added.status(), removed.status(), updated.status(),
        marked_null.status(), assisted.status()}) {
    if (!s.ok()) return s;
  }
  out.set_boxes_added(*added);
  out.set_boxes_removed(*removed);
  out.set_boxes_updated(*updated);
  out.set_marked_null(*marked_null);
  out.set_model_assisted(*assisted);
  return absl::OkStatus();
}

absl::Status ReadReview(const json& object, v1::Review& out) {
  absl::StatusOr<std::string> reviewer = String(object, "reviewerId");
  if (!reviewer.ok()) return reviewer.status();
  absl::StatusOr<std::string> result = String(object, "result");
  if (!result.ok()) return result.status();
  out.set_reviewer_id(*reviewer);
  if (*result == "approved") {
    out.set_result(v1::REVIEW_RESULT_APPROVED);
  } else if (*result == "rejected") {
    out.set_result(v1::REVIEW_RESULT_REJECTED);
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "result \"", *result, "\" is not \"approved\" or \"rejected\""));
  }
  return absl::OkStatus();
}

absl::Status ReadCommon(const json& object, v1::Event& event) {
  const std::pair<const char*, std::string*> ids[] = {
      {"eventId", event.mutable_event_id()},
      {"workspaceId", event.mutable_workspace_id()},
      {"projectId", event.mutable_project_id()},
      {"labelerId", event.mutable_labeler_id()},
      {"imageId", event.mutable_image_id()}};
  for (const auto& [field, slot] : ids) {
    absl::StatusOr<std::string> value = String(object, field);
    if (!value.ok()) return value.status();
    *slot = std::move(*value);
  }
  absl::StatusOr<std::string> time = String(object, "time");
  if (!time.ok()) return time.status();
  if (!google::protobuf::util::TimeUtil::FromString(*time,
                                                    event.mutable_time())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "time \"", *time,
        "\" is not RFC 3339 with an offset"
        " (like 2024-03-01T09:30:00Z or 2024-03-01T09:30:00+05:30)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Event> ParseEventJson(absl::string_view line) {
  json object;
  try {
    object = json::parse(line);
  } catch (const json::parse_error& error) {
    // Say where and why (an ill-formed UTF-8 byte, say), but without the
    // parser's echo of the input after "last read".
    std::string why = error.what();
    const size_t from = why.find(" - ");
    why = from == std::string::npos ? "" : why.substr(from + 3);
    why = why.substr(0, why.find("; last read"));
    return absl::InvalidArgumentError(absl::StrCat(
        "not valid JSON at byte ", error.byte, why.empty() ? "" : ": ", why));
  } catch (const json::out_of_range&) {  // 1e400, which no count can be
    return absl::InvalidArgumentError("not valid JSON: a number out of range");
  } catch (const json::exception&) {
    return absl::InvalidArgumentError("not valid JSON");
  }
  if (!object.is_object()) {
    return absl::InvalidArgumentError("not a JSON object");
  }

  v1::Event event;
  absl::Status read = ReadCommon(object, event);
  if (!read.ok()) return read;
  absl::StatusOr<std::string> type = String(object, "type");
  if (!type.ok()) return type.status();
  if (*type == "annotate") {
    read = ReadAnnotation(object, *event.mutable_annotation());
  } else if (*type == "review") {
    read = ReadReview(object, *event.mutable_review());
  } else {
    read = absl::InvalidArgumentError(
        absl::StrCat("type \"", *type, "\" is not \"annotate\" or \"review\""));
  }
  if (!read.ok()) return read;

  absl::Status valid = ValidateEvent(event);
  if (!valid.ok()) return valid;
  return event;
}

}  // namespace insights
