#include "server/store/cached_store.h"

#include <absl/strings/str_cat.h>

namespace insights {

absl::Status CachedStore::AfterWrite(absl::Status status) {
  // Even a failed write may have changed something before failing.
  std::lock_guard<std::mutex> lock(mutex_);
  ++generation_;
  keys_.clear();
  return status;
}

uint64_t CachedStore::generation() {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

absl::Status CachedStore::PutWorkspace(
    const std::string& id, const std::string& name,
    const std::vector<std::string>& api_key_hashes) {
  return AfterWrite(inner_.PutWorkspace(id, name, api_key_hashes));
}

absl::Status CachedStore::PutProjects(
    const google::protobuf::RepeatedPtrField<v1::Project>& projects) {
  return AfterWrite(inner_.PutProjects(projects));
}

absl::Status CachedStore::PutLabelers(
    const google::protobuf::RepeatedPtrField<v1::LabelerProfile>& labelers) {
  return AfterWrite(inner_.PutLabelers(labelers));
}

absl::StatusOr<IngestOutcome> CachedStore::IngestEvents(
    const google::protobuf::RepeatedPtrField<v1::Event>& events) {
  absl::StatusOr<IngestOutcome> outcome = inner_.IngestEvents(events);
  AfterWrite(absl::OkStatus()).IgnoreError();
  return outcome;
}

absl::StatusOr<bool> CachedStore::WorkspaceHasKey(
    const std::string& workspace_id, const std::string& api_key_hash) {
  const std::string key =
      absl::StrCat(workspace_id.size(), ":", workspace_id, api_key_hash);
  uint64_t generation;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto hit = keys_.find(key); hit != keys_.end()) return hit->second;
    generation = generation_;
  }
  absl::StatusOr<bool> granted =
      inner_.WorkspaceHasKey(workspace_id, api_key_hash);
  if (!granted.ok()) return granted;
  std::lock_guard<std::mutex> lock(mutex_);
  // Keys probed by strangers must not grow the cache without bound.
  if (generation == generation_ && keys_.size() < capacity_) {
    keys_.emplace(key, *granted);
  }
  return granted;
}

absl::StatusOr<WorkspaceActivity> CachedStore::QueryActivity(
    const StatsQuery& query) {
  return inner_.QueryActivity(query);
}

}  // namespace insights
