// SqliteStore::QueryActivity: the stats answer's numbers, folded from the
// session rollups of the range, with the ids and catalog entries they name.

#include <algorithm>
#include <tuple>

#include <absl/container/flat_hash_map.h>
#include <absl/strings/str_cat.h>
#include <nlohmann/json.hpp>

#include "server/store/query_deadline.h"
#include "server/store/session_fold.h"
#include "server/store/sqlite_store.h"
#include "server/store/symbol_table.h"
#include "server/store/transaction.h"

namespace insights {
namespace {

// ?1 workspace id, ?2 first day, ?3 last day, ?4 and ?5 JSON arrays of
// project and labeler ids (NULL: no filter). Ids are matched through their
// codes, so that the scan of `sessions` compares integers.
constexpr char kWorkspaceCode[] =
    "(SELECT code FROM symbols WHERE scope = 0 AND kind = 0 AND text = ?1)";

// The selected rows of `sessions` or `session_images`, which share keys.
std::string SelectedSessions(absl::string_view table) {
  return absl::StrCat(" FROM ", table, " WHERE workspace = ", kWorkspaceCode,
                      " AND day BETWEEN ?2 AND ?3"
                      " AND (?4 IS NULL OR project IN (SELECT code FROM symbols"
                      "  WHERE scope = ",
                      kWorkspaceCode,
                      " AND kind = 1"
                      "  AND text IN (SELECT value FROM json_each(?4))))"
                      " AND (?5 IS NULL OR labeler IN (SELECT code FROM symbols"
                      "  WHERE scope = ",
                      kWorkspaceCode,
                      " AND kind = 2"
                      "  AND text IN (SELECT value FROM json_each(?5))))");
}

// Every selected session row, once: SessionFold computes the answer's
// numbers from them in one pass.
const std::string& SessionsSql() {
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT ", SessionFold::kColumns, SelectedSessions("sessions")));
  return *sql;
}

// Their image sets, read only when the workspace totals must be unioned
// from them.
const std::string& SessionImagesSql() {
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT ", SessionFold::kSetColumns, SelectedSessions("session_images")));
  return *sql;
}

// The whole workspace's days in the range (same parameters; ?4 and ?5 are
// NULL).
const std::string& WorkspaceDaysSql() {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT ", SessionFold::kWorkspaceDayColumns,
                   " FROM workspace_days WHERE workspace = ", kWorkspaceCode,
                   " AND day BETWEEN ?2 AND ?3 AND ?4 IS NULL AND ?5 IS NULL"));
  return *sql;
}

// ?1 workspace id, ?2 symbol kind, ?3 JSON array of codes.
const std::string& IdsOfCodesSql() {
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT code, text FROM symbols WHERE scope = ", kWorkspaceCode,
      " AND kind = ?2 AND code IN (SELECT value FROM json_each(?3))"));
  return *sql;
}

constexpr char kProjectsSql[] =
    "SELECT id, name, type FROM projects"
    " WHERE workspace_id = ?1 AND id IN (SELECT value FROM json_each(?2))";

constexpr char kLabelersSql[] =
    "SELECT id, display_name, email, is_system FROM labelers"
    " WHERE id IN (SELECT value FROM json_each(?1))";

// A JSON array of ids for json_each(). Ids are validated as UTF-8 before
// they reach the store; replacing bad bytes keeps this from ever throwing.
std::string JsonArray(const std::vector<std::string>& ids) {
  return nlohmann::json(ids).dump(-1, ' ', false,
                                  nlohmann::json::error_handler_t::replace);
}

void BindSelection(Statement& statement, const StatsQuery& query) {
  statement.Bind(1, query.workspace_id);
  statement.Bind(2, int64_t{query.first_day});
  statement.Bind(3, int64_t{query.last_day});
  const std::vector<std::string>* filters[] = {&query.project_ids,
                                               &query.labeler_ids};
  for (int i = 0; i < 2; ++i) {
    if (filters[i]->empty()) {
      statement.BindNull(4 + i);
    } else {
      statement.Bind(4 + i, JsonArray(*filters[i]));
    }
  }
}

// Rows folded between two looks at the deadline: a row takes a few
// microseconds at most.
constexpr int kRowsBetweenDeadlineChecks = 32;

// Runs `sql` on the query's selection and hands each row to `fold`.
template <typename Fold>
absl::Status FoldRows(Connection& db, const std::string& sql,
                      const StatsQuery& query, QueryDeadline& deadline,
                      Fold fold) {
  auto rows = db.PrepareCached(sql);
  if (!rows.ok()) return rows.status();
  BindSelection(**rows, query);
  for (int count = 0;; ++count) {
    if (count % kRowsBetweenDeadlineChecks == 0 && deadline.Expired()) {
      (*rows)->Reset();
      return absl::DeadlineExceededError("deadline passed");
    }
    absl::StatusOr<bool> row = (*rows)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    fold(**rows);
  }
}

// code -> id, for the codes of one kind that `pairs` use.
absl::StatusOr<absl::flat_hash_map<int64_t, std::string>> IdsOfCodes(
    Connection& db, const std::string& workspace_id, SymbolKind kind,
    const std::vector<SessionFold::Pair>& pairs) {
  std::vector<int64_t> codes;
  for (const SessionFold::Pair& pair : pairs) {
    codes.push_back(kind == SymbolKind::kProject ? pair.project_code
                                                 : pair.labeler_code);
  }
  absl::flat_hash_map<int64_t, std::string> ids;
  auto lookup = db.PrepareCached(IdsOfCodesSql());
  if (!lookup.ok()) return lookup.status();
  (*lookup)->Bind(1, workspace_id);
  (*lookup)->Bind(2, static_cast<int64_t>(kind));
  (*lookup)->Bind(3, nlohmann::json(codes).dump());
  for (;;) {
    absl::StatusOr<bool> row = (*lookup)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return ids;
    ids[(*lookup)->Int(0)] = (*lookup)->Text(1);
  }
}

// The pairs with their ids and catalog names, by project id then labeler
// id.
absl::Status NamePairs(Connection& db, const StatsQuery& query,
                       const std::vector<SessionFold::Pair>& folded,
                       WorkspaceActivity& activity) {
  auto projects =
      IdsOfCodes(db, query.workspace_id, SymbolKind::kProject, folded);
  if (!projects.ok()) return projects.status();
  auto labelers =
      IdsOfCodes(db, query.workspace_id, SymbolKind::kLabeler, folded);
  if (!labelers.ok()) return labelers.status();
  for (const SessionFold::Pair& pair : folded) {
    PairActivity& named = activity.pairs.emplace_back(pair.activity);
    named.project_id = (*projects)[pair.project_code];
    named.labeler_id = (*labelers)[pair.labeler_code];
  }
  std::sort(activity.pairs.begin(), activity.pairs.end(),
            [](const PairActivity& a, const PairActivity& b) {
              return std::tie(a.project_id, a.labeler_id) <
                     std::tie(b.project_id, b.labeler_id);
            });
  if (activity.pairs.empty()) return absl::OkStatus();

  std::vector<std::string> project_ids;
  for (const auto& [code, id] : *projects) project_ids.push_back(id);
  auto catalog = db.PrepareCached(kProjectsSql);
  if (!catalog.ok()) return catalog.status();
  (*catalog)->Bind(1, query.workspace_id);
  (*catalog)->Bind(2, JsonArray(project_ids));
  for (;;) {
    absl::StatusOr<bool> row = (*catalog)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    const std::string id = (*catalog)->Text(0);
    for (PairActivity& pair : activity.pairs) {
      if (pair.project_id != id) continue;
      pair.project_name = (*catalog)->Text(1);
      pair.project_type = (*catalog)->Text(2);
    }
  }
}

absl::Status ReadActivity(Connection& db, const StatsQuery& query,
                          QueryDeadline& deadline,
                          WorkspaceActivity& activity) {
  // Workspace-wide streams count exactly the whole workspace's images; a
  // subset of projects or labelers needs the union of its sessions' sets.
  const bool subset = !query.project_ids.empty() || !query.labeler_ids.empty();
  SessionFold fold(query.first_day, /*union_sets=*/subset);
  absl::Status done =
      FoldRows(db, SessionsSql(), query, deadline,
               [&fold](const Statement& row) { fold.Add(row); });
  if (done.ok() && subset) {
    done = FoldRows(db, SessionImagesSql(), query, deadline,
                    [&fold](const Statement& row) { fold.AddSets(row); });
  }
  if (done.ok() && !subset) {
    done =
        FoldRows(db, WorkspaceDaysSql(), query, deadline,
                 [&fold](const Statement& row) { fold.AddWorkspaceDay(row); });
  }
  if (!done.ok()) return done;
  activity.distinct_images_labeled = fold.DistinctImagesLabeled();
  activity.distinct_images_marked_null = fold.DistinctImagesMarkedNull();
  activity.distinct_images_model_assisted = fold.DistinctImagesModelAssisted();
  return NamePairs(db, query, fold.Pairs(), activity);
}

// The catalog entries of the labelers in `activity.pairs`, by id; ids the
// catalog lacks get a record with `known` false.
absl::Status ReadLabelers(Connection& db, WorkspaceActivity& activity) {
  std::vector<std::string> ids;
  for (const PairActivity& pair : activity.pairs)
    ids.push_back(pair.labeler_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (const std::string& id : ids) activity.labelers.push_back({.id = id});
  if (ids.empty()) return absl::OkStatus();

  auto labelers = db.PrepareCached(kLabelersSql);
  if (!labelers.ok()) return labelers.status();
  (*labelers)->Bind(1, JsonArray(ids));
  for (;;) {
    absl::StatusOr<bool> row = (*labelers)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    const std::string id = (*labelers)->Text(0);
    auto at = std::lower_bound(ids.begin(), ids.end(), id);
    LabelerRecord& record = activity.labelers[at - ids.begin()];
    record.display_name = (*labelers)->Text(1);
    record.email = (*labelers)->Text(2);
    record.system = (*labelers)->Int(3) != 0;
    record.known = true;
  }
}

}  // namespace

absl::StatusOr<WorkspaceActivity> SqliteStore::QueryActivity(
    const StatsQuery& query) {
  ConnectionPool::Lease db = readers_->Acquire();
  // One snapshot for every statement, so that a concurrent import cannot
  // make the totals disagree with the rows.
  Transaction snapshot(*db, "BEGIN");
  if (!snapshot.status().ok()) return snapshot.status();
  // Declared after the snapshot, so gone before its rollback runs.
  QueryDeadline deadline(db->raw(), query.deadline);

  WorkspaceActivity activity;
  absl::Status done = ReadActivity(*db, query, deadline, activity);
  if (done.ok()) done = ReadLabelers(*db, activity);
  if (deadline.passed()) {
    return absl::DeadlineExceededError(
        "the statistics query ran past the call's deadline");
  }
  if (!done.ok()) return done;
  return activity;
}

}  // namespace insights
