#ifndef INSIGHTS_CLIENT_LABEL_STUDIO_H_
#define INSIGHTS_CLIENT_LABEL_STUDIO_H_

#include <absl/status/statusor.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "insights/v1/ingest_service.pb.h"

namespace insights {

// What one Label Studio export becomes: catalog entries and events of a
// single workspace, ready for PutProjects, PutLabelers and IngestEvents.
struct ConvertedExport {
  // One per distinct task `project`, in order of first appearance.
  std::vector<v1::Project> projects;
  // One per distinct annotator (`completed_by`) of a counted annotation, in
  // order of first appearance. Reviewers are not listed: they are not
  // labelers unless they also annotated.
  std::vector<v1::LabelerProfile> labelers;
  // Annotate and review events in export order: each annotation's event is
  // followed by the events of its reviews.
  std::vector<v1::Event> events;
};

// Converts a parsed Label Studio JSON export (a JSON array of task objects)
// following SPEC section 5. Every project, labeler and event gets
// `workspace_id`. An empty array converts to an empty result.
//
// Choices the spec leaves open:
// - Cancelled annotations (`was_cancelled: true`) and drafts yield nothing:
//   no event, no labeler, no review events, no weight in the project type.
// - The project type comes from the most common `type` over every result
//   entry (region or not) of the project's counted annotations; a tie goes
//   to the type listed first in the spec's table (rectanglelabels, then
//   polygonlabels, brushlabels, keypointlabels, choices), so a mapped type
//   beats an unmapped one such as `textarea`.
// - `modelAssisted` needs at least one region (a result whose `type` ends
//   in "labels") and then any of: a non-null `parent_prediction`, a region
//   whose `origin` starts with "prediction", or a region whose `id` is also
//   the id of a result in one of the task's `predictions`. Non-region
//   results never make an annotation model-assisted.
// - A `created_at` without a UTC offset is read as UTC, which is how Label
//   Studio stores times.
// - A labeler seen first as a bare id and later as an object takes the
//   object's name and email; otherwise the first occurrence wins.
// - A review whose `accepted` is anything but `true` (false, null, absent)
//   is a rejection.
//
// Errors: InvalidArgument when `tasks` is not an array of objects, or when a
// task lacks what the mapping needs (an id, a project, an annotation's id,
// completed_by, created_at or result list, a review's id, created_by or
// created_at) or has it in the wrong shape; ids must be integers or
// non-empty strings. The message names the task ("task 17: annotation 4 has
// no created_at"), or its index when the task has no usable id. Nothing is
// returned for a partly valid export.
absl::StatusOr<ConvertedExport> ConvertLabelStudioExport(
    const nlohmann::json& tasks, const std::string& workspace_id);

}  // namespace insights

#endif  // INSIGHTS_CLIENT_LABEL_STUDIO_H_
