#ifndef INSIGHTS_SERVER_STORE_SQLITE_SCHEMA_H_
#define INSIGHTS_SERVER_STORE_SQLITE_SCHEMA_H_

#include <absl/status/status.h>

#include "server/store/sqlite_handle.h"

namespace insights {

// The schema version this build reads and writes, kept in
// PRAGMA user_version.
inline constexpr int kSchemaVersion = 1;

// Reads the version of the database behind `db` without changing anything:
// 0 for a new, empty file. FAILED_PRECONDITION when the file is not a
// database of this service (not SQLite, or SQLite with other tables).
absl::StatusOr<int> ReadSchemaVersion(Connection& db);

// FAILED_PRECONDITION when `version` is newer than this build understands.
absl::Status CheckSchemaVersionSupported(int version);

// Creates the schema in an empty database, or migrates an older one, in one
// transaction. FAILED_PRECONDITION, with the file untouched, when the
// database is newer than this build.
absl::Status CreateOrMigrateSchema(Connection& db);

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_SQLITE_SCHEMA_H_
