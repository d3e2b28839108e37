// SqliteStore::QueryActivity: the stats answer's numbers, computed in SQL
// over the rollup tables.

#include <algorithm>

#include <absl/strings/str_cat.h>
#include <nlohmann/json.hpp>

#include "server/store/query_deadline.h"
#include "server/store/sqlite_store.h"
#include "server/store/transaction.h"

namespace insights {
namespace {

// ?1 workspace id, ?2 first day, ?3 last day, ?4 and ?5 JSON arrays of
// project and labeler ids (NULL: no filter). Ids are matched through their
// codes, so that the scan of `sessions` compares integers.
constexpr char kWorkspaceCode[] =
    "(SELECT code FROM symbols WHERE scope = 0 AND kind = 0 AND text = ?1)";

const std::string& SelectedSessions() {
  static const std::string* sql = new std::string(
      absl::StrCat(" FROM sessions WHERE workspace = ", kWorkspaceCode,
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
                   "  AND text IN (SELECT value FROM json_each(?5))))"));
  return *sql;
}

// Per (project, labeler): sums of the sessions' counts (distinct per
// session, so their sum is the per-session count the contract asks for),
// and the first-pass terms from the unions of the review image sets:
// decided = |approved ∪ rejected|, first pass = |approved \ rejected|.
const std::string& PairsSql() {
  static const std::string* sql = new std::string(absl::StrCat(
      "WITH pairs AS ("
      "  SELECT project, labeler, SUM(boxes_added) AS added,"
      "   SUM(boxes_removed) AS removed, SUM(boxes_updated) AS updated,"
      "   SUM(approved) AS approved, SUM(rejected) AS rejected,"
      "   SUM(images_labeled) AS labeled,"
      "   SUM(images_marked_null) AS marked_null,"
      "   SUM(images_model_assisted) AS assisted,"
      "   image_union(approved_images) AS approved_images,"
      "   image_union(rejected_images) AS rejected_images",
      SelectedSessions(),
      "  GROUP BY project, labeler)"
      " SELECT ps.text, COALESCE(p.name, ''), COALESCE(p.type, ''), ls.text,"
      "  labeled, marked_null, assisted, added, removed, updated, approved,"
      "  rejected, image_count_union(approved_images, rejected_images),"
      "  image_count_without(approved_images, rejected_images)"
      " FROM pairs"
      " JOIN symbols ps ON ps.scope = ",
      kWorkspaceCode,
      "  AND ps.kind = 1 AND ps.code = pairs.project"
      " JOIN symbols ls ON ls.scope = ",
      kWorkspaceCode,
      "  AND ls.kind = 2 AND ls.code = pairs.labeler"
      " LEFT JOIN projects p ON p.workspace_id = ?1 AND p.id = ps.text"
      " ORDER BY ps.text, ls.text"));
  return *sql;
}

// Workspace totals count each image once: the size of the union of the
// sessions' image sets.
const std::string& DistinctImagesSql() {
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT image_union_count(labeled), image_union_count(marked_null),"
      " image_union_count(model_assisted)",
      SelectedSessions()));
  return *sql;
}

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

PairActivity ReadPair(const Statement& row) {
  PairActivity pair;
  pair.project_id = row.Text(0);
  pair.project_name = row.Text(1);
  pair.project_type = row.Text(2);
  pair.labeler_id = row.Text(3);
  pair.images_labeled = row.Int(4);
  pair.images_marked_null = row.Int(5);
  pair.images_model_assisted = row.Int(6);
  pair.boxes_added = row.Int(7);
  pair.boxes_removed = row.Int(8);
  pair.boxes_updated = row.Int(9);
  pair.approved = row.Int(10);
  pair.rejected = row.Int(11);
  pair.first_pass.decided_images = row.Int(12);
  pair.first_pass.approved_first_pass = row.Int(13);
  return pair;
}

absl::Status ReadPairs(Connection& db, const StatsQuery& query,
                       WorkspaceActivity& activity) {
  auto pairs = db.PrepareCached(PairsSql());
  if (!pairs.ok()) return pairs.status();
  BindSelection(**pairs, query);
  for (;;) {
    absl::StatusOr<bool> row = (*pairs)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    activity.pairs.push_back(ReadPair(**pairs));
  }
}

absl::Status ReadDistinctImages(Connection& db, const StatsQuery& query,
                                WorkspaceActivity& activity) {
  auto totals = db.PrepareCached(DistinctImagesSql());
  if (!totals.ok()) return totals.status();
  BindSelection(**totals, query);
  absl::StatusOr<bool> row = (*totals)->Step();
  if (!row.ok()) return row.status();
  activity.distinct_images_labeled = (*totals)->Int(0);
  activity.distinct_images_marked_null = (*totals)->Int(1);
  activity.distinct_images_model_assisted = (*totals)->Int(2);
  (*totals)->Reset();
  return absl::OkStatus();
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
  const QueryDeadline deadline(db->raw(), query.deadline);

  WorkspaceActivity activity;
  absl::Status done = ReadPairs(*db, query, activity);
  if (done.ok()) done = ReadDistinctImages(*db, query, activity);
  if (done.ok()) done = ReadLabelers(*db, activity);
  if (deadline.passed()) {
    return absl::DeadlineExceededError(
        "the statistics query ran past the call's deadline");
  }
  if (!done.ok()) return done;
  return activity;
}

}  // namespace insights
