#ifndef INSIGHTS_SERVER_STORE_SQLITE_HANDLE_H_
#define INSIGHTS_SERVER_STORE_SQLITE_HANDLE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <absl/strings/string_view.h>

#include <absl/container/flat_hash_map.h>
#include <absl/status/status.h>
#include <absl/status/statusor.h>
#include <sqlite3.h>

namespace insights {

// A prepared statement that owns its sqlite3_stmt. Bind indexes start at 1.
// Not thread-safe: used by one thread at a time, like its connection.
class Statement final {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}

  void Bind(int index, int64_t value);
  void Bind(int index, absl::string_view text);
  void BindNull(int index);
  // Binds bytes as a BLOB; empty bytes bind NULL.
  void BindBlob(int index, absl::string_view bytes);

  // Steps once: true when a row is ready, false when done; an error status
  // for anything else.
  absl::StatusOr<bool> Step();
  // Steps until done, for statements that return no rows.
  absl::Status Run();
  // Clears bindings and rewinds, for the next use of the same statement.
  void Reset();

  int64_t Int(int column) const;
  std::string Text(int column) const;
  // The bytes of a BLOB column, valid until the next Step or Reset.
  absl::string_view Blob(int column) const;
  bool IsNull(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// One open SQLite connection. Not thread-safe: one thread at a time.
class Connection final {
 public:
  // Opens (creating when `create` is set) the file, changing nothing in it.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(
      const std::string& path, bool create);

  // Write-ahead logging, so that readers never wait for the writer, and a
  // sync on every commit, so that an acknowledged write survives a crash.
  absl::Status UseWalWithFullSync();
  // How much of the file this connection keeps in memory.
  absl::Status SetCacheMegabytes(int megabytes);

  absl::Status Execute(const std::string& sql);
  absl::StatusOr<Statement> Prepare(absl::string_view sql);
  // Like Prepare, but keeps the statement for the connection's lifetime and
  // returns it reset, so that hot paths do not compile SQL again.
  absl::StatusOr<Statement*> PrepareCached(const std::string& sql);
  int64_t ChangedRows() const;
  sqlite3* raw() const { return db_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };
  explicit Connection(sqlite3* db) : db_(db) {}
  std::unique_ptr<sqlite3, Closer> db_;
  // Declared after db_, so destroyed first: statements are finalized before
  // the connection closes.
  absl::flat_hash_map<std::string, std::unique_ptr<Statement>> cached_;
};

// Maps a SQLite error of `db` to a status: UNAVAILABLE for a busy or locked
// database (the caller may retry), INTERNAL otherwise.
absl::Status SqliteError(sqlite3* db, absl::string_view during);

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_SQLITE_HANDLE_H_
