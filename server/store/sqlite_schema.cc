#include "server/store/sqlite_schema.h"

#include <absl/strings/str_cat.h>
#include <spdlog/spdlog.h>

namespace insights {
namespace {

// The catalog: unchanged since version 1.
constexpr char kCatalogSchema[] = R"sql(
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

)sql";

// Integer codes for the ids that events repeat (see SymbolKind). Codes are
// looked up by text; the few that are read back by code (projects and
// labelers) are found within their (scope, kind).
constexpr char kSymbolsSchema[] = R"sql(
CREATE TABLE symbols (
  scope INTEGER NOT NULL,
  kind  INTEGER NOT NULL,
  text  TEXT NOT NULL,
  code  INTEGER NOT NULL,
  PRIMARY KEY (scope, kind, text)
) WITHOUT ROWID;
)sql";

// The next free code of each (scope, kind), so that no index by code is
// needed to find it.
constexpr char kSymbolSpacesSchema[] = R"sql(
CREATE TABLE symbol_spaces (
  scope     INTEGER NOT NULL,
  kind      INTEGER NOT NULL,
  next_code INTEGER NOT NULL,
  PRIMARY KEY (scope, kind)
) WITHOUT ROWID;
)sql";

// Raw events are the record. The tables after it are rollups maintained in
// the same transaction as the events they summarise, so that a stats query
// reads one row per session (and per day) in its range instead of every
// event.
constexpr char kEventsSchema[] = R"sql(
-- Every event as received, with ids as codes. kind: 1 annotate, 2 review;
-- review_result: 1 approved, 2 rejected; reviewer and review_result are
-- NULL for annotations.
CREATE TABLE events (
  workspace      INTEGER NOT NULL,
  event_id       TEXT NOT NULL,
  time_seconds   INTEGER NOT NULL,
  time_nanos     INTEGER NOT NULL,
  project        INTEGER NOT NULL,
  labeler        INTEGER NOT NULL,
  image          INTEGER NOT NULL,
  kind           INTEGER NOT NULL,
  boxes_added    INTEGER NOT NULL,
  boxes_removed  INTEGER NOT NULL,
  boxes_updated  INTEGER NOT NULL,
  marked_null    INTEGER NOT NULL,
  model_assisted INTEGER NOT NULL,
  reviewer       INTEGER,
  review_result  INTEGER,
  PRIMARY KEY (workspace, event_id)
) WITHOUT ROWID;
)sql";

constexpr char kRollupSchema[] = R"sql(
-- One row per session (workspace, UTC day, project, labeler) that labeled
-- or was reviewed: the sums of its events; images_* are the numbers of
-- distinct images it labeled, marked null and labeled with model help;
-- *_since are the SinceCounts of the pair's review streams on that day
-- (ImageRecurrence). Small rows, many to a page: the whole workspace's
-- answer reads only these and `workspace_days`.
CREATE TABLE sessions (
  workspace             INTEGER NOT NULL,
  day                   INTEGER NOT NULL,
  project               INTEGER NOT NULL,
  labeler               INTEGER NOT NULL,
  boxes_added           INTEGER NOT NULL,
  boxes_removed         INTEGER NOT NULL,
  boxes_updated         INTEGER NOT NULL,
  approved              INTEGER NOT NULL,
  rejected              INTEGER NOT NULL,
  images_labeled        INTEGER NOT NULL,
  images_marked_null    INTEGER NOT NULL,
  images_model_assisted INTEGER NOT NULL,
  decided_since         BLOB,
  rejected_since        BLOB,
  PRIMARY KEY (workspace, day, project, labeler)
) WITHOUT ROWID;

-- The sets of images each session labeled, marked null and labeled with
-- model help (ImageSet blobs, NULL when empty): the workspace totals of an
-- answer about some projects or labelers are the sizes of their unions.
CREATE TABLE session_images (
  workspace      INTEGER NOT NULL,
  day            INTEGER NOT NULL,
  project        INTEGER NOT NULL,
  labeler        INTEGER NOT NULL,
  labeled        BLOB,
  marked_null    BLOB,
  model_assisted BLOB,
  PRIMARY KEY (workspace, day, project, labeler)
) WITHOUT ROWID;

-- The days on which each image occurs in each ImageStream; project and
-- labeler are -1 for the workspace-wide streams.
CREATE TABLE image_days (
  workspace INTEGER NOT NULL,
  image     INTEGER NOT NULL,
  stream    INTEGER NOT NULL,
  project   INTEGER NOT NULL,
  labeler   INTEGER NOT NULL,
  day       INTEGER NOT NULL,
  PRIMARY KEY (workspace, image, stream, project, labeler, day)
) WITHOUT ROWID;

-- One row per (workspace, UTC day) with labeling: the SinceCounts of the
-- workspace-wide streams on that day.
CREATE TABLE workspace_days (
  workspace            INTEGER NOT NULL,
  day                  INTEGER NOT NULL,
  labeled_since        BLOB,
  marked_null_since    BLOB,
  model_assisted_since BLOB,
  PRIMARY KEY (workspace, day)
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

absl::Status CreateSchema(Connection& db) {
  absl::Status created = db.Execute(absl::StrCat(
      kCatalogSchema, kSymbolsSchema, kSymbolSpacesSchema, kEventsSchema,
      kRollupSchema, "PRAGMA user_version = ", kSchemaVersion, ";"));
  if (created.ok()) {
    spdlog::info("schema version {} created in a new database", kSchemaVersion);
  }
  return created;
}

absl::Status ReplaceActivitySchemaV1(Connection& db) {
  return db.Execute(absl::StrCat(
      "ALTER TABLE events RENAME TO events_v1;"
      " DROP TABLE pair_days; DROP TABLE image_days;",
      kSymbolsSchema, kSymbolSpacesSchema, kEventsSchema, kRollupSchema));
}

absl::Status ReplaceRollupSchemaV2(Connection& db) {
  return db.Execute(absl::StrCat(
      "DROP INDEX symbols_by_code;", kSymbolSpacesSchema,
      "INSERT INTO symbol_spaces (scope, kind, next_code)"
      " SELECT scope, kind, MAX(code) + 1 FROM symbols GROUP BY scope, kind;"
      " DROP TABLE sessions;",
      kRollupSchema));
}

}  // namespace insights
