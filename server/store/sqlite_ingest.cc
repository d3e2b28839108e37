// SqliteStore::IngestEvents: raw events and their session rollups in one
// transaction.

#include <absl/strings/str_cat.h>

#include "server/store/event_row.h"
#include "server/store/session_rollup.h"
#include "server/store/sqlite_store.h"
#include "server/store/transaction.h"

namespace insights {
namespace {

// Both statements list the columns in EventRow::kColumns order, which
// BindAll and FromStatement follow.
const std::string& InsertEventSql() {
  static const std::string* sql = new std::string(
      absl::StrCat("INSERT INTO events (", EventRow::kColumns,
                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT (workspace, event_id) DO NOTHING"));
  return *sql;
}

const std::string& SelectEventSql() {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT ", EventRow::kColumns,
                   " FROM events WHERE workspace = ? AND event_id = ?"));
  return *sql;
}

// The codes of an event's ids, created as needed; FAILED_PRECONDITION when
// its workspace was never put.
absl::StatusOr<EventCodes> CodesOf(Connection& db, SymbolTable& symbols,
                                   const v1::Event& event, int index) {
  absl::StatusOr<int64_t> workspace =
      symbols.Find(db, 0, SymbolKind::kWorkspace, event.workspace_id());
  if (!workspace.ok()) return workspace.status();
  if (*workspace < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("event ", index, ": workspaceId \"", event.workspace_id(),
                     "\" does not exist; put the workspace first"));
  }
  EventCodes codes{.workspace = *workspace};
  const std::pair<int64_t*, std::pair<SymbolKind, const std::string*>> ids[] = {
      {&codes.project, {SymbolKind::kProject, &event.project_id()}},
      {&codes.labeler, {SymbolKind::kLabeler, &event.labeler_id()}},
      {&codes.image, {SymbolKind::kImage, &event.image_id()}},
      {&codes.reviewer, {SymbolKind::kLabeler, &event.review().reviewer_id()}}};
  for (const auto& [slot, id] : ids) {
    if (id.second->empty()) continue;  // the reviewer of an annotation
    absl::StatusOr<int64_t> code =
        symbols.Intern(db, *workspace, id.first, *id.second);
    if (!code.ok()) return code.status();
    *slot = *code;
  }
  return codes;
}

// Stores `row` unless its id is already there. Returns whether it was new;
// ALREADY_EXISTS when the stored event has other content.
absl::StatusOr<bool> InsertEvent(Connection& db, const EventRow& row,
                                 int index) {
  auto insert = db.PrepareCached(InsertEventSql());
  if (!insert.ok()) return insert.status();
  row.BindAll(**insert);
  absl::Status done = (*insert)->Run();
  if (!done.ok()) return done;
  if (db.ChangedRows() > 0) return true;

  auto select = db.PrepareCached(SelectEventSql());
  if (!select.ok()) return select.status();
  (*select)->Bind(1, row.codes.workspace);
  (*select)->Bind(2, row.event_id);
  absl::StatusOr<bool> found = (*select)->Step();
  if (!found.ok()) return found.status();
  const bool same = *found && EventRow::FromStatement(**select) == row;
  (*select)->Reset();
  if (same) return false;
  return absl::AlreadyExistsError(
      absl::StrCat("event ", index, ": eventId \"", row.event_id,
                   "\" is already stored with different content"));
}

}  // namespace

absl::StatusOr<IngestOutcome> SqliteStore::IngestEvents(
    const google::protobuf::RepeatedPtrField<v1::Event>& events) {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  Transaction transaction(*writer_, "BEGIN IMMEDIATE");
  if (!transaction.status().ok()) return transaction.status();
  absl::StatusOr<IngestOutcome> outcome = IngestLocked(events);
  absl::Status committed =
      outcome.ok() ? transaction.Commit() : outcome.status();
  if (!committed.ok()) {
    symbols_.RolledBack();
    return committed;
  }
  symbols_.Committed();
  return outcome;
}

absl::StatusOr<IngestOutcome> SqliteStore::IngestLocked(
    const google::protobuf::RepeatedPtrField<v1::Event>& events) {
  IngestOutcome outcome;
  SessionRollup rollup;
  for (int i = 0; i < events.size(); ++i) {
    absl::StatusOr<EventCodes> codes =
        CodesOf(*writer_, symbols_, events[i], i);
    if (!codes.ok()) return codes.status();
    const EventRow row = EventRow::FromProto(events[i], *codes);
    absl::StatusOr<bool> stored = InsertEvent(*writer_, row, i);
    if (!stored.ok()) return stored.status();
    if (!*stored) {
      ++outcome.duplicates;
      continue;
    }
    ++outcome.stored;
    if (row.Counts()) {
      rollup.Add(row,
                 symbols_.IsPending(row.codes.workspace, SymbolKind::kImage,
                                    events[i].image_id()));
    }
  }

  absl::Status written = rollup.WriteTo(*writer_);
  if (!written.ok()) return written;
  return outcome;
}

}  // namespace insights
