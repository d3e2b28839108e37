#include "server/store/sqlite_store.h"

#include <absl/strings/str_cat.h>

#include "server/store/sqlite_schema.h"
#include "server/store/transaction.h"

namespace insights {
namespace {

absl::StatusOr<std::unique_ptr<ConnectionPool>> OpenReaders(
    const SqliteStoreOptions& options) {
  std::vector<std::unique_ptr<Connection>> readers;
  for (int i = 0; i < options.reader_count; ++i) {
    auto reader = Connection::Open(options.path, /*create=*/false);
    if (!reader.ok()) return reader.status();
    readers.push_back(std::move(*reader));
  }
  return std::make_unique<ConnectionPool>(std::move(readers));
}

absl::Status WorkspaceExists(Connection& db, const std::string& id) {
  auto query = db.PrepareCached("SELECT 1 FROM workspaces WHERE id = ?");
  if (!query.ok()) return query.status();
  (*query)->Bind(1, id);
  absl::StatusOr<bool> found = (*query)->Step();
  (*query)->Reset();
  if (!found.ok()) return found.status();
  if (!*found) {
    return absl::FailedPreconditionError(
        absl::StrCat("workspace \"", id, "\" does not exist; put it first"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(
    const SqliteStoreOptions& options) {
  auto writer = Connection::Open(options.path, /*create=*/true);
  if (!writer.ok()) return writer.status();
  // Check the version before anything writes to the file.
  absl::StatusOr<int> version = ReadSchemaVersion(**writer);
  if (!version.ok()) return version.status();
  absl::Status ready = CheckSchemaVersionSupported(*version);
  if (ready.ok()) ready = (*writer)->UseWalWithFullSync();
  // Event ids arrive in no order, so inserts touch pages all over the
  // events table; a larger cache keeps them from being read again.
  if (ready.ok()) ready = (*writer)->SetCacheMegabytes(64);
  // A page that every batch touches is copied back into the file once per
  // checkpoint, not once per batch: let the log grow to 64 MB first.
  if (ready.ok()) {
    ready = (*writer)->Execute("PRAGMA wal_autocheckpoint=16384;");
  }
  if (!ready.ok()) return ready;

  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(*writer)));
  ready = store->PrepareSchema(*version);
  if (!ready.ok()) return ready;
  auto readers = OpenReaders(options);
  if (!readers.ok()) return readers.status();
  store->readers_ = std::move(*readers);
  return store;
}

absl::Status SqliteStore::PrepareSchema(int version) {
  if (version == kSchemaVersion) return absl::OkStatus();
  std::lock_guard<std::mutex> lock(writer_mutex_);
  Transaction transaction(*writer_, "BEGIN IMMEDIATE");
  if (!transaction.status().ok()) return transaction.status();
  absl::Status done = version == 0   ? CreateSchema(*writer_)
                      : version == 1 ? MigrateFromV1()
                                     : MigrateFromV2();
  if (done.ok()) done = transaction.Commit();
  if (!done.ok()) symbols_.RolledBack();
  return done;
}

absl::Status SqliteStore::PutWorkspace(
    const std::string& id, const std::string& name,
    const std::vector<std::string>& api_key_hashes) {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  Transaction transaction(*writer_, "BEGIN IMMEDIATE");
  if (!transaction.status().ok()) return transaction.status();

  auto upsert = writer_->Prepare(
      "INSERT INTO workspaces (id, name) VALUES (?, ?)"
      " ON CONFLICT (id) DO UPDATE SET name = excluded.name");
  auto forget = writer_->Prepare("DELETE FROM api_keys WHERE workspace_id = ?");
  auto add = writer_->Prepare(
      "INSERT OR IGNORE INTO api_keys (workspace_id, key_hash) VALUES (?, ?)");
  if (!upsert.ok()) return upsert.status();
  if (!forget.ok()) return forget.status();
  if (!add.ok()) return add.status();

  upsert->Bind(1, id);
  upsert->Bind(2, name);
  absl::Status done = upsert->Run();
  if (done.ok()) {
    done = symbols_.Intern(*writer_, 0, SymbolKind::kWorkspace, id).status();
  }
  forget->Bind(1, id);
  if (done.ok()) done = forget->Run();
  for (const std::string& hash : api_key_hashes) {
    if (!done.ok()) break;
    add->Reset();
    add->Bind(1, id);
    add->Bind(2, hash);
    done = add->Run();
  }
  if (done.ok()) done = transaction.Commit();
  if (done.ok()) {
    symbols_.Committed();
  } else {
    symbols_.RolledBack();
  }
  return done;
}

absl::Status SqliteStore::PutProjects(
    const google::protobuf::RepeatedPtrField<v1::Project>& projects) {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  Transaction transaction(*writer_, "BEGIN IMMEDIATE");
  if (!transaction.status().ok()) return transaction.status();
  auto upsert = writer_->Prepare(
      "INSERT INTO projects (workspace_id, id, name, type) VALUES (?, ?, ?, ?)"
      " ON CONFLICT (workspace_id, id)"
      " DO UPDATE SET name = excluded.name, type = excluded.type");
  if (!upsert.ok()) return upsert.status();

  for (const v1::Project& project : projects) {
    absl::Status exists = WorkspaceExists(*writer_, project.workspace_id());
    if (!exists.ok()) return exists;
    upsert->Reset();
    upsert->Bind(1, project.workspace_id());
    upsert->Bind(2, project.id());
    upsert->Bind(3, project.name());
    upsert->Bind(4, project.type());
    absl::Status done = upsert->Run();
    if (!done.ok()) return done;
  }
  return transaction.Commit();
}

absl::Status SqliteStore::PutLabelers(
    const google::protobuf::RepeatedPtrField<v1::LabelerProfile>& labelers) {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  Transaction transaction(*writer_, "BEGIN IMMEDIATE");
  if (!transaction.status().ok()) return transaction.status();
  auto upsert = writer_->Prepare(
      "INSERT INTO labelers (id, display_name, email, is_system)"
      " VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
      " display_name = excluded.display_name, email = excluded.email,"
      " is_system = excluded.is_system");
  if (!upsert.ok()) return upsert.status();

  for (const v1::LabelerProfile& labeler : labelers) {
    upsert->Reset();
    upsert->Bind(1, labeler.id());
    upsert->Bind(2, labeler.display_name());
    upsert->Bind(3, labeler.email());
    upsert->Bind(4, int64_t{labeler.system()});
    absl::Status done = upsert->Run();
    if (!done.ok()) return done;
  }
  return transaction.Commit();
}

absl::StatusOr<bool> SqliteStore::WorkspaceHasKey(
    const std::string& workspace_id, const std::string& api_key_hash) {
  ConnectionPool::Lease db = readers_->Acquire();
  auto query = db->Prepare(
      "SELECT 1 FROM api_keys WHERE workspace_id = ? AND key_hash = ?");
  if (!query.ok()) return query.status();
  query->Bind(1, workspace_id);
  query->Bind(2, api_key_hash);
  return query->Step();
}

}  // namespace insights
