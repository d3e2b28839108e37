// SqliteStore::MigrateFromV1 and MigrateFromV2: this version's rollups are
// rebuilt from the raw events of the older version.

#include <absl/strings/str_cat.h>
#include <spdlog/spdlog.h>

#include "server/store/event_row.h"
#include "server/store/session_rollup.h"
#include "server/store/sqlite_schema.h"
#include "server/store/sqlite_store.h"

namespace insights {
namespace {

constexpr int kReplayBatch = 5000;
// Events are rolled up in time order, so that a group touches the sessions
// of a few days, each read and written once.
constexpr int kRollupGroup = 50000;

v1::Event EventFromV1Row(const Statement& s) {
  v1::Event event;
  event.set_workspace_id(s.Text(0));
  event.set_event_id(s.Text(1));
  event.mutable_time()->set_seconds(s.Int(2));
  event.mutable_time()->set_nanos(static_cast<int32_t>(s.Int(3)));
  event.set_project_id(s.Text(4));
  event.set_labeler_id(s.Text(5));
  event.set_image_id(s.Text(6));
  if (s.Int(7) == 2) {
    event.mutable_review()->set_reviewer_id(s.Text(13));
    event.mutable_review()->set_result(
        static_cast<v1::ReviewResult>(s.Int(14)));
  } else {
    v1::Annotation& annotation = *event.mutable_annotation();
    annotation.set_boxes_added(s.Int(8));
    annotation.set_boxes_removed(s.Int(9));
    annotation.set_boxes_updated(s.Int(10));
    annotation.set_marked_null(s.Int(11) != 0);
    annotation.set_model_assisted(s.Int(12) != 0);
  }
  return event;
}

}  // namespace

absl::Status SqliteStore::MigrateFromV1() {
  absl::Status done = ReplaceActivitySchemaV1(*writer_);
  auto workspaces = writer_->Prepare("SELECT id FROM workspaces");
  if (!done.ok()) return done;
  if (!workspaces.ok()) return workspaces.status();
  for (;;) {
    absl::StatusOr<bool> row = workspaces->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    done = symbols_
               .Intern(*writer_, 0, SymbolKind::kWorkspace, workspaces->Text(0))
               .status();
    if (!done.ok()) return done;
  }

  auto events = writer_->Prepare(
      "SELECT workspace_id, event_id, time_seconds, time_nanos, project_id,"
      " labeler_id, image_id, kind, boxes_added, boxes_removed,"
      " boxes_updated, marked_null, model_assisted, reviewer_id,"
      " review_result FROM events_v1");
  if (!events.ok()) return events.status();
  google::protobuf::RepeatedPtrField<v1::Event> batch;
  int64_t replayed = 0;
  for (bool more = true; more;) {
    absl::StatusOr<bool> row = events->Step();
    if (!row.ok()) return row.status();
    more = *row;
    if (more) *batch.Add() = EventFromV1Row(*events);
    if (batch.size() == kReplayBatch || (!more && !batch.empty())) {
      absl::StatusOr<IngestOutcome> outcome = IngestLocked(batch);
      if (!outcome.ok()) return outcome.status();
      replayed += outcome->stored;
      batch.Clear();
    }
  }

  done = writer_->Execute(absl::StrCat(
      "DROP TABLE events_v1; PRAGMA user_version = ", kSchemaVersion, ";"));
  if (done.ok()) {
    spdlog::info("schema migrated from version 1 to {}: {} events rebuilt",
                 kSchemaVersion, replayed);
  }
  return done;
}

absl::Status SqliteStore::MigrateFromV2() {
  absl::Status done = ReplaceRollupSchemaV2(*writer_);
  if (!done.ok()) return done;
  auto events = writer_->Prepare(
      absl::StrCat("SELECT ", EventRow::kColumns,
                   " FROM events ORDER BY workspace, time_seconds"));
  if (!events.ok()) return events.status();
  int64_t rolled_up = 0;
  for (bool more = true; more;) {
    SessionRollup rollup;
    for (int i = 0; i < kRollupGroup; ++i) {
      absl::StatusOr<bool> row = events->Step();
      if (!row.ok()) return row.status();
      more = *row;
      if (!more) break;
      const EventRow event = EventRow::FromStatement(*events);
      if (event.Counts()) rollup.Add(event);
      ++rolled_up;
    }
    done = rollup.WriteTo(*writer_);
    if (!done.ok()) return done;
  }

  done = writer_->Execute(
      absl::StrCat("PRAGMA user_version = ", kSchemaVersion, ";"));
  if (done.ok()) {
    spdlog::info(
        "schema migrated from version 2 to {}: rollups rebuilt from {} events",
        kSchemaVersion, rolled_up);
  }
  return done;
}

}  // namespace insights
