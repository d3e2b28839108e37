#ifndef INSIGHTS_SERVER_STORE_CACHED_STORE_H_
#define INSIGHTS_SERVER_STORE_CACHED_STORE_H_

#include <cstdint>
#include <mutex>
#include <string>

#include <absl/container/flat_hash_map.h>

#include "server/store/store.h"

namespace insights {

// A Store that counts the writes made through it (the data generation that
// WorkspaceStats keeps its answers under) and remembers the answers to
// WorkspaceHasKey, which every call asks, until the next write. All writes
// must therefore go through this object. Answers to QueryActivity are not
// kept here: WorkspaceStats keeps them, serialized, under the generation.
// Remembers at most `capacity` key checks. Thread-safe.
class CachedStore final : public Store {
 public:
  CachedStore(Store& inner, size_t capacity)
      : inner_(inner), capacity_(capacity) {}

  // Counts the writes made through this object: a value computed from the
  // data while it stays the same is still true.
  uint64_t generation();

  absl::Status PutWorkspace(
      const std::string& id, const std::string& name,
      const std::vector<std::string>& api_key_hashes) override;
  absl::Status PutProjects(
      const google::protobuf::RepeatedPtrField<v1::Project>& projects) override;
  absl::Status PutLabelers(
      const google::protobuf::RepeatedPtrField<v1::LabelerProfile>& labelers)
      override;
  absl::StatusOr<bool> WorkspaceHasKey(
      const std::string& workspace_id,
      const std::string& api_key_hash) override;
  absl::StatusOr<IngestOutcome> IngestEvents(
      const google::protobuf::RepeatedPtrField<v1::Event>& events) override;
  absl::StatusOr<WorkspaceActivity> QueryActivity(
      const StatsQuery& query) override;

 private:
  // Starts a new generation and forgets every key check.
  absl::Status AfterWrite(absl::Status status);

  Store& inner_;
  const size_t capacity_;
  std::mutex mutex_;
  uint64_t generation_ = 0;  // bumped by every write; guarded by mutex_
  absl::flat_hash_map<std::string, bool> keys_;  // guarded by mutex_
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_CACHED_STORE_H_
