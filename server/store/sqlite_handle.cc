#include "server/store/sqlite_handle.h"

#include <absl/strings/string_view.h>
#include <absl/strings/str_cat.h>

namespace insights {

absl::Status SqliteError(sqlite3* db, absl::string_view during) {
  const int code = sqlite3_extended_errcode(db);
  std::string message =
      absl::StrCat("database error while ", during, ": ", sqlite3_errmsg(db));
  const int primary = code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

void Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
}

void Statement::Bind(int index, absl::string_view text) {
  sqlite3_bind_text(stmt_.get(), index, text.data(),
                    static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void Statement::BindNull(int index) { sqlite3_bind_null(stmt_.get(), index); }

void Statement::BindBlob(int index, absl::string_view bytes) {
  if (bytes.empty()) return BindNull(index);
  sqlite3_bind_blob(stmt_.get(), index, bytes.data(),
                    static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
}

absl::StatusOr<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(sqlite3_db_handle(stmt_.get()), "running a statement");
}

absl::Status Statement::Run() {
  for (;;) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

int64_t Statement::Int(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}

std::string Statement::Text(int column) const {
  const auto* text = sqlite3_column_text(stmt_.get(), column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     sqlite3_column_bytes(stmt_.get(), column));
}

absl::string_view Statement::Blob(int column) const {
  const void* bytes = sqlite3_column_blob(stmt_.get(), column);
  if (bytes == nullptr) return {};
  return absl::string_view(static_cast<const char*>(bytes),
                           sqlite3_column_bytes(stmt_.get(), column));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(
    const std::string& path, bool create) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                    (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<Connection> connection(new Connection(db));
  if (rc != SQLITE_OK) {
    return absl::UnavailableError(
        absl::StrCat("cannot open database ", path, ": ", sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(db, 1);
  // A writer holds the lock only for one batch; readers never block in WAL.
  sqlite3_busy_timeout(db, 5000);
  return connection;
}

absl::Status Connection::UseWalWithFullSync() {
  // FULL: a commit is on disk before the batch is acknowledged.
  return Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
}

absl::Status Connection::SetCacheMegabytes(int megabytes) {
  // A negative cache_size counts KiB rather than pages.
  return Execute(absl::StrCat("PRAGMA cache_size=-", megabytes * 1024, ";"));
}

absl::Status Connection::Execute(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &error) !=
      SQLITE_OK) {
    absl::Status status = SqliteError(db_.get(), "executing SQL");
    sqlite3_free(error);
    return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<Statement> Connection::Prepare(absl::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt,
                         nullptr) != SQLITE_OK) {
    return SqliteError(db_.get(), "preparing a statement");
  }
  return Statement(stmt);
}

int64_t Connection::ChangedRows() const { return sqlite3_changes64(db_.get()); }

}  // namespace insights

namespace insights {

absl::StatusOr<Statement*> Connection::PrepareCached(const std::string& sql) {
  auto found = cached_.find(sql);
  if (found != cached_.end()) {
    found->second->Reset();
    return found->second.get();
  }
  absl::StatusOr<Statement> prepared = Prepare(sql);
  if (!prepared.ok()) return prepared.status();
  auto& slot = cached_[sql];
  slot = std::make_unique<Statement>(std::move(*prepared));
  return slot.get();
}

}  // namespace insights
