#ifndef INSIGHTS_SERVER_STORE_STORE_H_
#define INSIGHTS_SERVER_STORE_STORE_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>
#include <google/protobuf/repeated_ptr_field.h>

#include "insights/v1/ingest_service.pb.h"
#include "server/stats/civil_day.h"

namespace insights {

// What a stats request selects: one workspace, an inclusive range of UTC
// days, and optional project and labeler filters (empty means all).
struct StatsQuery {
  std::string workspace_id;
  CivilDay first_day = 0;
  CivilDay last_day = 0;
  std::vector<std::string> project_ids;
  std::vector<std::string> labeler_ids;
  // Work on the query stops at this time, with DEADLINE_EXCEEDED. Not part
  // of what is asked: answers are shared whatever the deadline.
  std::chrono::system_clock::time_point deadline =
      std::chrono::system_clock::time_point::max();
};

// Images with at least one review decision, and those of them approved and
// never rejected in the range: the two terms of the first-pass rate.
struct FirstPassCounts {
  int64_t decided_images = 0;
  int64_t approved_first_pass = 0;
};

// Activity of one (project, labeler) pair over the range. Image counts are
// already summed over sessions.
struct PairActivity {
  std::string project_id;
  std::string project_name;  // empty when the project is not in the catalog
  std::string project_type;
  std::string labeler_id;
  int64_t images_labeled = 0;
  int64_t images_marked_null = 0;
  int64_t images_model_assisted = 0;
  int64_t boxes_added = 0;
  int64_t boxes_removed = 0;
  int64_t boxes_updated = 0;
  int64_t approved = 0;
  int64_t rejected = 0;
  FirstPassCounts first_pass;
};

// A labeler as the catalog knows it; `known` is false for ids it lacks.
struct LabelerRecord {
  std::string id;
  std::string display_name;
  std::string email;
  bool system = false;
  bool known = false;
};

// Everything a stats answer is built from.
struct WorkspaceActivity {
  std::vector<PairActivity> pairs;      // by project id, then labeler id
  std::vector<LabelerRecord> labelers;  // those of `pairs`, by id
  int64_t distinct_images_labeled = 0;
  int64_t distinct_images_marked_null = 0;
  int64_t distinct_images_model_assisted = 0;
};

struct IngestOutcome {
  int64_t stored = 0;
  int64_t duplicates = 0;
};

// The persistence boundary of the service. An implementation must be safe to
// call from many threads at once; reads must not wait for writes.
// Errors: INVALID_ARGUMENT or FAILED_PRECONDITION for input the store refuses,
// ALREADY_EXISTS for a conflicting event id, INTERNAL or UNAVAILABLE when the
// storage itself fails. A failed write leaves nothing of itself behind.
class Store {
 public:
  virtual ~Store() = default;

  // Creates or replaces a workspace and replaces its keys with
  // `api_key_hashes` (see HashApiKey).
  virtual absl::Status PutWorkspace(
      const std::string& id, const std::string& name,
      const std::vector<std::string>& api_key_hashes) = 0;

  // Creates or replaces projects; FAILED_PRECONDITION when a project names a
  // workspace that does not exist.
  virtual absl::Status PutProjects(
      const google::protobuf::RepeatedPtrField<v1::Project>& projects) = 0;

  virtual absl::Status PutLabelers(
      const google::protobuf::RepeatedPtrField<v1::LabelerProfile>&
          labelers) = 0;

  // True when `api_key_hash` is a key of workspace `workspace_id`; false
  // when it is not or the workspace does not exist.
  virtual absl::StatusOr<bool> WorkspaceHasKey(
      const std::string& workspace_id, const std::string& api_key_hash) = 0;

  // Stores valid events (see ValidateEvent) in one transaction.
  virtual absl::StatusOr<IngestOutcome> IngestEvents(
      const google::protobuf::RepeatedPtrField<v1::Event>& events) = 0;

  virtual absl::StatusOr<WorkspaceActivity> QueryActivity(
      const StatsQuery& query) = 0;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_STORE_H_
