#include "client/label_studio.h"

#include <absl/status/status.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace insights {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;
using nlohmann::json;

// Result types and the project types they imply, in the spec's order.
constexpr std::pair<std::string_view, std::string_view> kProjectTypes[] = {
    {"rectanglelabels", "object-detection"},
    {"polygonlabels", "instance-segmentation"},
    {"brushlabels", "semantic-segmentation"},
    {"keypointlabels", "keypoint-detection"},
    {"choices", "classification"},
};
constexpr std::string_view kRegionSuffix = "labels";
constexpr std::string_view kPredictionOrigin = "prediction";
constexpr std::size_t kMaxQuotedValue = 40;

std::string Trim(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A short rendering of an offending value for error messages.
std::string Quote(const json& value) {
  std::string text = value.dump();
  if (text.size() <= kMaxQuotedValue) return text;
  return text.substr(0, kMaxQuotedValue) + "...";
}

// Label Studio ids are integers; non-empty strings are taken as they are.
std::optional<std::string> IdText(const json* value) {
  if (value != nullptr && value->is_number_integer()) return value->dump();
  if (value == nullptr || !value->is_string()) return std::nullopt;
  std::string text = value->get<std::string>();
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

// `object[key]`; null when `object` is not an object or the member is absent
// or null, which Label Studio uses interchangeably.
const json* Member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

// `object[key]` if it is a list, else an empty list.
const json& ListOrEmpty(const json& object, const char* key) {
  static const json* const kEmpty = new json(json::array());
  const json* value = Member(object, key);
  return value != nullptr && value->is_array() ? *value : *kEmpty;
}

// `object[key]` if it is a string, else "": names, emails, types and origins
// are all optional.
std::string StringField(const json& object, const char* key) {
  const json* value = Member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>()
                                                : "";
}

bool IsTrue(const json& object, const char* key) {
  const json* value = Member(object, key);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

// Reads the fields the mapping needs and keeps the first problem found, so
// that callers read a whole object and check once. After a failure the
// values returned are placeholders that must not be used.
class FieldReader {
 public:
  const absl::Status& status() const { return status_; }
  void Fail(const std::string& message) {
    if (status_.ok()) status_ = absl::InvalidArgumentError(message);
  }

  bool IsObject(const json& value, const std::string& what) {
    if (!value.is_object()) Fail(what + " is not an object: " + Quote(value));
    return value.is_object();
  }

  std::string Id(const json& object, const char* key,
                 const std::string& owner) {
    const json* value = Find(object, key, owner);
    return value == nullptr ? "" : IdOf(*value, owner + ": " + key);
  }

  // A person field holds either a user object or the bare user id.
  std::string PersonId(const json& object, const char* key,
                       const std::string& owner) {
    const json* value = Find(object, key, owner);
    if (value == nullptr) return "";
    const std::string what = owner + ": " + key;
    return value->is_object() ? Id(*value, "id", what) : IdOf(*value, what);
  }

  // Label Studio stores UTC; a server without time zone support writes
  // times without an offset, so a missing offset is read as UTC.
  Timestamp CreatedAt(const json& object, const std::string& owner) {
    Timestamp time;
    const json* value = Find(object, "created_at", owner);
    if (value == nullptr) return time;
    std::string text = value->is_string() ? value->get<std::string>() : "";
    const std::size_t t = text.find('T');
    if (t != std::string::npos &&
        text.find_first_of("Z+-", t) == std::string::npos) {
      text += 'Z';
    }
    if (!TimeUtil::FromString(text, &time)) {
      Fail(owner + ": created_at is not an RFC 3339 time: " + Quote(*value));
    }
    return time;
  }

  // An absent list reads as empty, and is a problem only when `required`.
  const json& List(const json& object, const char* key,
                   const std::string& owner, bool required) {
    const json* value = Member(object, key);
    if (value == nullptr && required) Fail(owner + " has no " + key);
    if (value != nullptr && !value->is_array()) {
      Fail(owner + ": " + key + " must be a list, got " + Quote(*value));
    }
    return ListOrEmpty(object, key);
  }

 private:
  const json* Find(const json& object, const char* key,
                   const std::string& owner) {
    const json* value = Member(object, key);
    if (value == nullptr) Fail(owner + " has no " + key);
    return value;
  }

  std::string IdOf(const json& value, const std::string& what) {
    if (std::optional<std::string> id = IdText(&value)) return *id;
    Fail(what + " must be an integer or a non-empty string, got " +
         Quote(value));
    return "";
  }

  absl::Status status_;
};

bool IsRegion(const json& result) {
  const std::string type = StringField(result, "type");
  return type.size() >= kRegionSuffix.size() &&
         type.compare(type.size() - kRegionSuffix.size(), std::string::npos,
                      kRegionSuffix) == 0;
}

// Ids of every result of every prediction of the task: an annotation region
// carrying one of them started as that predicted region.
std::set<std::string> PredictionResultIds(const json& task) {
  std::set<std::string> ids;
  for (const json& prediction : ListOrEmpty(task, "predictions")) {
    for (const json& result : ListOrEmpty(prediction, "result")) {
      if (auto id = IdText(Member(result, "id"))) ids.insert(*id);
    }
  }
  return ids;
}

// A region started as a model's when Label Studio marks it by `origin`, or
// when it keeps the predicted region's id.
bool ModelAssisted(const json& annotation, const json& results,
                   const std::set<std::string>& prediction_ids) {
  bool has_region = false;
  for (const json& result : results) {
    if (!IsRegion(result)) continue;
    has_region = true;
    std::optional<std::string> id = IdText(Member(result, "id"));
    if (StringField(result, "origin").rfind(kPredictionOrigin, 0) == 0 ||
        (id.has_value() && prediction_ids.count(*id) > 0)) {
      return true;
    }
  }
  return has_region && Member(annotation, "parent_prediction") != nullptr;
}

std::string DisplayName(const json& user, const std::string& id) {
  const std::string name = Trim(StringField(user, "first_name") + " " +
                                StringField(user, "last_name"));
  if (!name.empty()) return name;
  const std::string email = StringField(user, "email");
  const std::string local_part = Trim(email.substr(0, email.find('@')));
  return local_part.empty() ? id : local_part;
}

// The most common type wins; among equally common ones, the first mapped one
// in the spec's order, so that a mapped type beats `textarea` and the like.
std::string ProjectType(const std::map<std::string, int>& type_counts) {
  int most = 0;
  for (const auto& entry : type_counts) most = std::max(most, entry.second);
  for (const auto& [type, project_type] : kProjectTypes) {
    auto it = type_counts.find(std::string(type));
    if (it != type_counts.end() && it->second == most) {
      return std::string(project_type);
    }
  }
  return "";
}

std::string TaskLabel(const json& task, std::size_t index) {
  if (auto id = IdText(Member(task, "id"))) return "task " + *id;
  return "task at index " + std::to_string(index);
}

struct TaskContext {
  std::string label;  // "task 17", the start of every error message
  std::string workspace_id;
  std::string image_id;
  std::string project_id;
  std::set<std::string> prediction_ids;
};

v1::Event NewEvent(const TaskContext& task, const std::string& event_id,
                   const Timestamp& time, const std::string& labeler_id) {
  v1::Event event;
  event.set_event_id(event_id);
  *event.mutable_time() = time;
  event.set_workspace_id(task.workspace_id);
  event.set_project_id(task.project_id);
  event.set_labeler_id(labeler_id);
  event.set_image_id(task.image_id);
  return event;
}

class Converter {
 public:
  explicit Converter(const std::string& workspace_id)
      : workspace_id_(workspace_id) {}

  // Adds the task's project, labelers and events, or returns the first
  // problem found in it.
  absl::Status AddTask(const json& task, std::size_t index);
  // Completes the project types; the converter is spent afterwards.
  ConvertedExport Finish() &&;

 private:
  void AddAnnotation(const json& annotation, const std::string& position,
                     const TaskContext& task);
  void AddReview(const json& review, const std::string& position,
                 const TaskContext& task, const std::string& labeler_id);
  void NoteLabeler(const json& completed_by, const std::string& id);

  std::string workspace_id_;
  FieldReader reader_;
  // Per project, how many results of counted annotations have each `type`
  // ("" for none, which maps to no project type like any unknown one).
  std::map<std::string, std::map<std::string, int>> type_counts_;
  // Position of each labeler in `out_.labelers`.
  std::map<std::string, std::size_t> labeler_index_;
  ConvertedExport out_;
};

absl::Status Converter::AddTask(const json& task, std::size_t index) {
  TaskContext context;
  context.label = TaskLabel(task, index);
  context.workspace_id = workspace_id_;
  if (!reader_.IsObject(task, context.label)) return reader_.status();
  context.image_id = reader_.Id(task, "id", context.label);
  context.project_id = reader_.Id(task, "project", context.label);
  const json& annotations =
      reader_.List(task, "annotations", context.label, false);
  if (!reader_.status().ok()) return reader_.status();
  if (type_counts_.try_emplace(context.project_id).second) {
    v1::Project& project = out_.projects.emplace_back();
    project.set_id(context.project_id);
    project.set_workspace_id(workspace_id_);
    project.set_name("Label Studio project " + context.project_id);
  }
  context.prediction_ids = PredictionResultIds(task);
  for (std::size_t i = 0; reader_.status().ok() && i < annotations.size();
       ++i) {
    AddAnnotation(annotations[i],
                  context.label + ": annotation at index " + std::to_string(i),
                  context);
  }
  return reader_.status();
}

void Converter::AddAnnotation(const json& annotation,
                              const std::string& position,
                              const TaskContext& task) {
  if (!reader_.IsObject(annotation, position)) return;
  if (IsTrue(annotation, "was_cancelled")) return;
  const std::string id = reader_.Id(annotation, "id", position);
  const std::string owner = task.label + ": annotation " + id;
  const std::string labeler_id =
      reader_.PersonId(annotation, "completed_by", owner);
  const Timestamp time = reader_.CreatedAt(annotation, owner);
  const json& results = reader_.List(annotation, "result", owner, true);
  const json& reviews = reader_.List(annotation, "reviews", owner, false);
  if (!reader_.status().ok()) return;
  std::map<std::string, int>& type_counts = type_counts_[task.project_id];
  int64_t regions = 0;
  for (const json& result : results) {
    ++type_counts[StringField(result, "type")];
    regions += IsRegion(result) ? 1 : 0;
  }
  NoteLabeler(annotation.at("completed_by"), labeler_id);
  v1::Event event = NewEvent(task, "ls-annotation-" + id, time, labeler_id);
  v1::Annotation* counts = event.mutable_annotation();
  counts->set_boxes_added(regions);
  counts->set_marked_null(results.empty());
  counts->set_model_assisted(
      ModelAssisted(annotation, results, task.prediction_ids));
  out_.events.push_back(std::move(event));
  for (std::size_t i = 0; reader_.status().ok() && i < reviews.size(); ++i) {
    AddReview(reviews[i], owner + ": review at index " + std::to_string(i),
              task, labeler_id);
  }
}

void Converter::AddReview(const json& review, const std::string& position,
                          const TaskContext& task,
                          const std::string& labeler_id) {
  if (!reader_.IsObject(review, position)) return;
  const std::string id = reader_.Id(review, "id", position);
  const std::string owner = task.label + ": review " + id;
  const std::string reviewer_id = reader_.PersonId(review, "created_by", owner);
  const Timestamp time = reader_.CreatedAt(review, owner);
  if (!reader_.status().ok()) return;
  v1::Event event = NewEvent(task, "ls-review-" + id, time, labeler_id);
  v1::Review* decision = event.mutable_review();
  decision->set_reviewer_id(reviewer_id);
  decision->set_result(IsTrue(review, "accepted") ? v1::REVIEW_RESULT_APPROVED
                                                  : v1::REVIEW_RESULT_REJECTED);
  out_.events.push_back(std::move(event));
}

// A bare id carries no name or email, so a user object seen later for the
// same id fills them in.
void Converter::NoteLabeler(const json& completed_by, const std::string& id) {
  v1::LabelerProfile profile;
  profile.set_id(id);
  profile.set_display_name(DisplayName(completed_by, id));
  profile.set_email(StringField(completed_by, "email"));
  auto [it, inserted] = labeler_index_.emplace(id, out_.labelers.size());
  if (inserted) {
    out_.labelers.push_back(std::move(profile));
    return;
  }
  v1::LabelerProfile& known = out_.labelers[it->second];
  if (known.email().empty() && known.display_name() == id) known = profile;
}

ConvertedExport Converter::Finish() && {
  for (v1::Project& project : out_.projects) {
    project.set_type(ProjectType(type_counts_.at(project.id())));
  }
  return std::move(out_);
}

}  // namespace

absl::StatusOr<ConvertedExport> ConvertLabelStudioExport(
    const nlohmann::json& tasks, const std::string& workspace_id) {
  if (!tasks.is_array()) {
    return absl::InvalidArgumentError(
        "a Label Studio export must be a JSON list of tasks, got " +
        std::string(tasks.type_name()));
  }
  Converter converter(workspace_id);
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    absl::Status status;
    // The reader checks every shape the mapping relies on; this backstop
    // keeps anything it missed from escaping as an exception.
    try {
      status = converter.AddTask(tasks[i], i);
    } catch (const json::exception& error) {
      status = absl::InvalidArgumentError(TaskLabel(tasks[i], i) + ": " +
                                          error.what());
    }
    if (!status.ok()) return status;
  }
  return std::move(converter).Finish();
}

}  // namespace insights
