// SqliteStore::IngestEvents: raw events and their rollups in one transaction.

#include <absl/container/flat_hash_set.h>
#include <absl/strings/str_cat.h>

#include "server/stats/civil_day.h"
#include "server/store/event_row.h"
#include "server/store/sqlite_store.h"
#include "server/store/transaction.h"

namespace insights {
namespace {

constexpr char kInsertEvent[] =
    "INSERT INTO events (workspace_id, event_id, time_seconds, time_nanos,"
    " project_id, labeler_id, image_id, kind, boxes_added, boxes_removed,"
    " boxes_updated, marked_null, model_assisted, reviewer_id, review_result)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (workspace_id, event_id) DO NOTHING";

constexpr char kSelectEvent[] =
    "SELECT workspace_id, event_id, time_seconds, time_nanos, project_id,"
    " labeler_id, image_id, kind, boxes_added, boxes_removed, boxes_updated,"
    " marked_null, model_assisted, reviewer_id, review_result"
    " FROM events WHERE workspace_id = ? AND event_id = ?";

constexpr char kAddToSession[] =
    "INSERT INTO pair_days (workspace_id, day, project_id, labeler_id,"
    " boxes_added, boxes_removed, boxes_updated, approved, rejected)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (workspace_id, day, project_id, labeler_id) DO UPDATE SET"
    " boxes_added = boxes_added + excluded.boxes_added,"
    " boxes_removed = boxes_removed + excluded.boxes_removed,"
    " boxes_updated = boxes_updated + excluded.boxes_updated,"
    " approved = approved + excluded.approved,"
    " rejected = rejected + excluded.rejected";

constexpr char kMarkImageDay[] =
    "INSERT INTO image_days (workspace_id, day, project_id, labeler_id,"
    " image_id, labeled, marked_null, model_assisted, approved, rejected)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (workspace_id, day, project_id, labeler_id, image_id)"
    " DO UPDATE SET labeled = max(labeled, excluded.labeled),"
    " marked_null = max(marked_null, excluded.marked_null),"
    " model_assisted = max(model_assisted, excluded.model_assisted),"
    " approved = max(approved, excluded.approved),"
    " rejected = max(rejected, excluded.rejected)";

// The statements of one ingest call, prepared once for the whole batch.
struct IngestStatements {
  Statement insert_event;
  Statement select_event;
  Statement add_to_session;
  Statement mark_image_day;
  Statement workspace_exists;
};

absl::StatusOr<IngestStatements> PrepareIngest(Connection& db) {
  IngestStatements s;
  for (auto [slot, sql] : {std::pair{&s.insert_event, kInsertEvent},
                           {&s.select_event, kSelectEvent},
                           {&s.add_to_session, kAddToSession},
                           {&s.mark_image_day, kMarkImageDay}}) {
    auto prepared = db.Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    *slot = std::move(*prepared);
  }
  auto exists = db.Prepare("SELECT 1 FROM workspaces WHERE id = ?");
  if (!exists.ok()) return exists.status();
  s.workspace_exists = std::move(*exists);
  return s;
}

// Adds a counting event to its session's sums and its image's day flags.
absl::Status AddToRollups(IngestStatements& s, const EventRow& row) {
  const int64_t day = CivilDayOfUnixSeconds(row.time_seconds);
  const bool review = row.kind == EventRow::kReview;
  const int64_t approved = review && row.review_result == v1::REVIEW_RESULT_APPROVED;
  const int64_t rejected = review && row.review_result == v1::REVIEW_RESULT_REJECTED;

  Statement& session = s.add_to_session;
  session.Reset();
  session.Bind(1, row.workspace_id);
  session.Bind(2, day);
  session.Bind(3, row.project_id);
  session.Bind(4, row.labeler_id);
  session.Bind(5, row.boxes_added);
  session.Bind(6, row.boxes_removed);
  session.Bind(7, row.boxes_updated);
  session.Bind(8, approved);
  session.Bind(9, rejected);
  absl::Status done = session.Run();
  if (!done.ok()) return done;

  Statement& image = s.mark_image_day;
  image.Reset();
  image.Bind(1, row.workspace_id);
  image.Bind(2, day);
  image.Bind(3, row.project_id);
  image.Bind(4, row.labeler_id);
  image.Bind(5, row.image_id);
  image.Bind(6, int64_t{!review});
  image.Bind(7, row.marked_null);
  image.Bind(8, int64_t{!review && row.model_assisted != 0});
  image.Bind(9, approved);
  image.Bind(10, rejected);
  return image.Run();
}

// For an event id already stored: a duplicate when the content matches,
// ALREADY_EXISTS when it does not.
absl::Status CheckRedelivery(IngestStatements& s, const EventRow& row,
                             int index) {
  Statement& select = s.select_event;
  select.Reset();
  select.Bind(1, row.workspace_id);
  select.Bind(2, row.event_id);
  absl::StatusOr<bool> found = select.Step();
  if (!found.ok()) return found.status();
  if (*found && EventRow::FromStatement(select) == row) {
    return absl::OkStatus();
  }
  return absl::AlreadyExistsError(absl::StrCat(
      "event ", index, ": eventId \"", row.event_id, "\" of workspace \"",
      row.workspace_id, "\" is already stored with different content"));
}

absl::Status CheckWorkspace(IngestStatements& s, const EventRow& row,
                            int index,
                            absl::flat_hash_set<std::string>& known) {
  if (known.contains(row.workspace_id)) return absl::OkStatus();
  Statement& exists = s.workspace_exists;
  exists.Reset();
  exists.Bind(1, row.workspace_id);
  absl::StatusOr<bool> found = exists.Step();
  if (!found.ok()) return found.status();
  if (!*found) {
    return absl::FailedPreconditionError(
        absl::StrCat("event ", index, ": workspaceId \"", row.workspace_id,
                     "\" does not exist; put the workspace first"));
  }
  known.insert(row.workspace_id);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<IngestOutcome> SqliteStore::IngestEvents(
    const google::protobuf::RepeatedPtrField<v1::Event>& events) {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  Transaction transaction(*writer_, "BEGIN IMMEDIATE");
  if (!transaction.status().ok()) return transaction.status();
  absl::StatusOr<IngestStatements> s = PrepareIngest(*writer_);
  if (!s.ok()) return s.status();

  IngestOutcome outcome;
  absl::flat_hash_set<std::string> known_workspaces;
  for (int i = 0; i < events.size(); ++i) {
    const EventRow row = EventRow::FromProto(events[i]);
    absl::Status done = CheckWorkspace(*s, row, i, known_workspaces);
    if (!done.ok()) return done;

    s->insert_event.Reset();
    row.BindAll(s->insert_event);
    done = s->insert_event.Run();
    if (!done.ok()) return done;
    if (writer_->ChangedRows() == 0) {
      done = CheckRedelivery(*s, row, i);
      if (!done.ok()) return done;
      ++outcome.duplicates;
      continue;
    }

    ++outcome.stored;
    if (row.Counts()) done = AddToRollups(*s, row);
    if (!done.ok()) return done;
  }

  absl::Status committed = transaction.Commit();
  if (!committed.ok()) return committed;
  return outcome;
}

}  // namespace insights
