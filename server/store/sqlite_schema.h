#ifndef INSIGHTS_SERVER_STORE_SQLITE_SCHEMA_H_
#define INSIGHTS_SERVER_STORE_SQLITE_SCHEMA_H_

#include <absl/status/status.h>

#include "server/store/sqlite_handle.h"

namespace insights {

// The schema version this build reads and writes, kept in
// PRAGMA user_version.
// Version 3 adds the days each image occurs in each counted stream, so that
// distinct images over a range are counted without unioning image sets.
// Version 2 (ids as integer codes, sessions as image sets) and version 1
// (text ids, one row per image and day) are migrated on start-up.
inline constexpr int kSchemaVersion = 3;

// Reads the version of the database behind `db` without changing anything:
// 0 for a new, empty file. FAILED_PRECONDITION when the file is not a
// database of this service (not SQLite, or SQLite with other tables).
absl::StatusOr<int> ReadSchemaVersion(Connection& db);

// FAILED_PRECONDITION when `version` is newer than this build understands.
absl::Status CheckSchemaVersionSupported(int version);

// Creates the whole schema in an empty database. Call inside a
// transaction.
absl::Status CreateSchema(Connection& db);

// The first step of migrating version 1: keeps the catalog, renames the
// version 1 events to `events_v1` and creates the activity tables of this
// version, for the caller to refill from `events_v1`. Call inside a
// transaction.
absl::Status ReplaceActivitySchemaV1(Connection& db);

// The first step of migrating version 2: replaces the index of symbols by
// code with the next free codes, and replaces `sessions` with this
// version's rollup tables, empty, for the caller to refill from `events`.
// Call inside a transaction.
absl::Status ReplaceRollupSchemaV2(Connection& db);

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_SQLITE_SCHEMA_H_
