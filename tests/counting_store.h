// A Store for tests of the layers above it, with no database behind it.

#ifndef INSIGHTS_TESTS_COUNTING_STORE_H_
#define INSIGHTS_TESTS_COUNTING_STORE_H_

#include <string>
#include <vector>

#include "server/store/store.h"

namespace insights {

// A store that counts the reads reaching it and answers with a labeled
// count equal to the number of writes so far, so that staleness shows.
class CountingStore final : public Store {
 public:
  int queries = 0;
  int key_checks = 0;
  int writes = 0;
  std::string accepted_hash = "good";

  absl::Status PutWorkspace(const std::string&, const std::string&,
                            const std::vector<std::string>&) override {
    ++writes;
    return absl::OkStatus();
  }
  absl::Status PutProjects(
      const google::protobuf::RepeatedPtrField<v1::Project>&) override {
    ++writes;
    return absl::OkStatus();
  }
  absl::Status PutLabelers(
      const google::protobuf::RepeatedPtrField<v1::LabelerProfile>&) override {
    ++writes;
    return absl::OkStatus();
  }
  absl::StatusOr<bool> WorkspaceHasKey(const std::string&,
                                       const std::string& hash) override {
    ++key_checks;
    return hash == accepted_hash;
  }
  absl::StatusOr<IngestOutcome> IngestEvents(
      const google::protobuf::RepeatedPtrField<v1::Event>&) override {
    ++writes;
    return IngestOutcome{1, 0};
  }
  absl::StatusOr<WorkspaceActivity> QueryActivity(const StatsQuery&) override {
    ++queries;
    WorkspaceActivity activity;
    activity.distinct_images_labeled = writes;
    return activity;
  }
};

}  // namespace insights

#endif  // INSIGHTS_TESTS_COUNTING_STORE_H_
