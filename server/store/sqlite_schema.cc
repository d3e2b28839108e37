#include "server/store/sqlite_schema.h"

#include <absl/strings/str_cat.h>
#include <spdlog/spdlog.h>

namespace insights {
namespace {

// Version 1. Raw events are the record; pair_days and image_days are
// rollups maintained in the same transaction as the events they summarise,
// so that a stats query reads days of summaries instead of every event.
constexpr char kSchemaV1[] = R"sql(
CREATE TABLE workspaces (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;

-- SHA-256 of each key, never the key itself.
CREATE TABLE api_keys (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  key_hash     TEXT NOT NULL,
  PRIMARY KEY (workspace_id, key_hash)
) WITHOUT ROWID;

CREATE TABLE projects (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id           TEXT NOT NULL,
  name         TEXT NOT NULL,
  type         TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
) WITHOUT ROWID;

CREATE TABLE labelers (
  id           TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  email        TEXT NOT NULL,
  is_system    INTEGER NOT NULL
) WITHOUT ROWID;

-- kind: 1 annotate, 2 review. review_result: 1 approved, 2 rejected.
CREATE TABLE events (
  workspace_id   TEXT NOT NULL,
  event_id       TEXT NOT NULL,
  time_seconds   INTEGER NOT NULL,
  time_nanos     INTEGER NOT NULL,
  project_id     TEXT NOT NULL,
  labeler_id     TEXT NOT NULL,
  image_id       TEXT NOT NULL,
  kind           INTEGER NOT NULL,
  boxes_added    INTEGER NOT NULL,
  boxes_removed  INTEGER NOT NULL,
  boxes_updated  INTEGER NOT NULL,
  marked_null    INTEGER NOT NULL,
  model_assisted INTEGER NOT NULL,
  reviewer_id    TEXT NOT NULL,
  review_result  INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, event_id)
) WITHOUT ROWID;

-- One row per session (workspace, project, labeler, UTC day) that labeled
-- or was reviewed: the sums of its events.
CREATE TABLE pair_days (
  workspace_id  TEXT NOT NULL,
  day           INTEGER NOT NULL,
  project_id    TEXT NOT NULL,
  labeler_id    TEXT NOT NULL,
  boxes_added   INTEGER NOT NULL,
  boxes_removed INTEGER NOT NULL,
  boxes_updated INTEGER NOT NULL,
  approved      INTEGER NOT NULL,
  rejected      INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, day, project_id, labeler_id)
) WITHOUT ROWID;

-- One row per image of a session: what happened to it that day, as flags.
CREATE TABLE image_days (
  workspace_id   TEXT NOT NULL,
  day            INTEGER NOT NULL,
  project_id     TEXT NOT NULL,
  labeler_id     TEXT NOT NULL,
  image_id       TEXT NOT NULL,
  labeled        INTEGER NOT NULL,
  marked_null    INTEGER NOT NULL,
  model_assisted INTEGER NOT NULL,
  approved       INTEGER NOT NULL,
  rejected       INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, day, project_id, labeler_id, image_id)
) WITHOUT ROWID;
)sql";

}  // namespace

absl::StatusOr<int> ReadSchemaVersion(Connection& db) {
  // Version 0 is either a new, empty file or somebody else's database; only
  // the first may receive this service's schema.
  absl::StatusOr<Statement> query = db.Prepare(
      "SELECT (SELECT user_version FROM pragma_user_version),"
      " (SELECT COUNT(*) FROM sqlite_schema)");
  absl::StatusOr<bool> row = query.ok() ? query->Step() : query.status();
  if (!row.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "not an Annotation Insights database: ", row.status().message()));
  }
  const int version = static_cast<int>(query->Int(0));
  if (version == 0 && query->Int(1) > 0) {
    return absl::FailedPreconditionError(
        "not an Annotation Insights database: it has tables but no schema"
        " version");
  }
  return version;
}

absl::Status CheckSchemaVersionSupported(int version) {
  if (version > kSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "database schema version ", version, " is newer than this server's (",
        kSchemaVersion, "); use a newer release"));
  }
  return absl::OkStatus();
}

absl::Status CreateOrMigrateSchema(Connection& db) {
  absl::StatusOr<int> version = ReadSchemaVersion(db);
  if (!version.ok()) return version.status();
  absl::Status supported = CheckSchemaVersionSupported(*version);
  if (!supported.ok()) return supported;
  if (*version == kSchemaVersion) return absl::OkStatus();

  // Version 0 is a new, empty file. Later versions add their migration steps
  // here, each in this same transaction.
  absl::Status created = db.Execute(
      absl::StrCat("BEGIN IMMEDIATE;", kSchemaV1, "PRAGMA user_version = ",
                   kSchemaVersion, "; COMMIT;"));
  if (!created.ok()) {
    db.Execute("ROLLBACK").IgnoreError();
    return created;
  }
  spdlog::info("schema version {} created in a new database", kSchemaVersion);
  return absl::OkStatus();
}

}  // namespace insights
