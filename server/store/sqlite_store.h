#ifndef INSIGHTS_SERVER_STORE_SQLITE_STORE_H_
#define INSIGHTS_SERVER_STORE_SQLITE_STORE_H_

#include <memory>
#include <mutex>
#include <string>

#include "server/store/connection_pool.h"
#include "server/store/symbol_table.h"
#include "server/store/store.h"

namespace insights {

struct SqliteStoreOptions {
  std::string path;
  // Connections for concurrent queries; writes use one more of their own.
  int reader_count = 4;
};

// The embedded store: one SQLite file in WAL mode. Writes are serialised on
// one connection (SQLite allows one writer) and commit with a sync; reads
// use a pool of connections and see the last committed write. Thread-safe.
class SqliteStore final : public Store {
 public:
  // Opens the file, creating it and its schema when missing and migrating an
  // older schema. FAILED_PRECONDITION, without changing the file, when it is
  // not a database of this service or is newer than this build.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(
      const SqliteStoreOptions& options);

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
  explicit SqliteStore(std::unique_ptr<Connection> writer)
      : writer_(std::move(writer)) {}

  // Brings the file to kSchemaVersion: creates it, or migrates an older
  // version.
  absl::Status PrepareSchema(int version);
  // Rebuilds version 1's events into this version's tables.
  absl::Status MigrateFromV1();
  // Rebuilds the rollups from the events, which version 2 keeps as they
  // are.
  absl::Status MigrateFromV2();
  // IngestEvents inside the caller's transaction; needs writer_mutex_.
  absl::StatusOr<IngestOutcome> IngestLocked(
      const google::protobuf::RepeatedPtrField<v1::Event>& events);

  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;  // guarded by writer_mutex_
  SymbolTable symbols_;                 // guarded by writer_mutex_
  std::unique_ptr<ConnectionPool> readers_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_SQLITE_STORE_H_
