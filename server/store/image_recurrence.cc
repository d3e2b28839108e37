#include "server/store/image_recurrence.h"

#include <iterator>
#include <optional>
#include <string>

namespace insights {
namespace {

// Workspace-wide streams are stored with this project and labeler.
constexpr int64_t kWholeWorkspace = -1;

bool IsWorkspaceWide(ImageStream stream) {
  return stream == ImageStream::kLabeled ||
         stream == ImageStream::kMarkedNull ||
         stream == ImageStream::kModelAssisted;
}

// ?1 workspace, ?2 image, ?3 stream, ?4 project, ?5 labeler, ?6 day.
constexpr char kStreamOfImage[] =
    " FROM image_days WHERE workspace = ?1 AND image = ?2 AND stream = ?3"
    " AND project = ?4 AND labeler = ?5";

void BindOccurrence(Statement& s, const ImageRecurrence::ImageInStream& where,
                    int64_t day) {
  s.Bind(1, std::get<0>(where));
  s.Bind(2, int64_t{std::get<1>(where)});
  s.Bind(3, static_cast<int64_t>(std::get<2>(where)));
  s.Bind(4, std::get<3>(where));
  s.Bind(5, std::get<4>(where));
  s.Bind(6, day);
}

const std::string& AtOrBeforeSql() {
  static const std::string* sql =
      new std::string(std::string("SELECT day") + kStreamOfImage +
                      " AND day <= ?6 ORDER BY day DESC LIMIT 1");
  return *sql;
}

const std::string& AfterSql() {
  static const std::string* sql =
      new std::string(std::string("SELECT day") + kStreamOfImage +
                      " AND day > ?6 ORDER BY day LIMIT 1");
  return *sql;
}

// The first day `sql` selects, if any.
absl::StatusOr<std::optional<int64_t>> FirstDay(
    Connection& db, const std::string& sql,
    const ImageRecurrence::ImageInStream& where, int64_t day) {
  auto select = db.PrepareCached(sql);
  if (!select.ok()) return select.status();
  BindOccurrence(**select, where, day);
  absl::StatusOr<bool> found = (*select)->Step();
  if (!found.ok()) return found.status();
  std::optional<int64_t> first;
  if (*found) first = (*select)->Int(0);
  (*select)->Reset();
  return first;
}

}  // namespace

SinceCounts& ImageRecurrence::ChangesOf(const PairDay& at, ImageStream stream) {
  switch (stream) {
    case ImageStream::kLabeled:
      return workspace_changes_[{std::get<0>(at), std::get<1>(at)}].labeled;
    case ImageStream::kMarkedNull:
      return workspace_changes_[{std::get<0>(at), std::get<1>(at)}].marked_null;
    case ImageStream::kModelAssisted:
      return workspace_changes_[{std::get<0>(at), std::get<1>(at)}]
          .model_assisted;
    case ImageStream::kDecided:
      return pair_changes_[at].decided;
    case ImageStream::kRejected:
      break;
  }
  return pair_changes_[at].rejected;
}

absl::StatusOr<std::pair<std::optional<int64_t>, std::optional<int64_t>>>
ImageRecurrence::Neighbours(Connection& db, const ImageInStream& where,
                            int64_t day) {
  std::pair<std::optional<int64_t>, std::optional<int64_t>> around;
  if (new_images_.contains({std::get<0>(where), std::get<1>(where)})) {
    const std::set<int64_t>& days = new_image_days_[where];
    auto after = days.upper_bound(day);
    if (after != days.end()) around.second = *after;
    if (after != days.begin()) around.first = *std::prev(after);
    return around;
  }
  absl::StatusOr<std::optional<int64_t>> before =
      FirstDay(db, AtOrBeforeSql(), where, day);
  if (!before.ok()) return before.status();
  around.first = *before;
  if (around.first == day) return around;
  absl::StatusOr<std::optional<int64_t>> after =
      FirstDay(db, AfterSql(), where, day);
  if (!after.ok()) return after.status();
  around.second = *after;
  return around;
}

absl::Status ImageRecurrence::Occur(Connection& db, const PairDay& at,
                                    ImageStream stream, uint32_t image) {
  const bool whole = IsWorkspaceWide(stream);
  const ImageInStream where{std::get<0>(at), image, stream,
                            whole ? kWholeWorkspace : std::get<2>(at),
                            whole ? kWholeWorkspace : std::get<3>(at)};
  const int64_t day = std::get<1>(at);
  auto around = Neighbours(db, where, day);
  if (!around.ok()) return around.status();
  const auto& [before, after] = *around;
  if (before == day) return absl::OkStatus();

  auto insert = db.PrepareCached(
      "INSERT INTO image_days (workspace, image, stream, project, labeler,"
      " day) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!insert.ok()) return insert.status();
  BindOccurrence(**insert, where, day);
  absl::Status done = (*insert)->Run();
  if (!done.ok()) return done;
  if (new_images_.contains({std::get<0>(where), image})) {
    new_image_days_[where].insert(day);
  }

  const auto since = [](const std::optional<int64_t>& seen) {
    return seen ? static_cast<CivilDay>(*seen) : SinceCounts::kNever;
  };
  ChangesOf(at, stream).Add(since(before), 1);
  if (after) {
    PairDay next = at;
    std::get<1>(next) = *after;
    SinceCounts& later = ChangesOf(next, stream);
    later.Add(since(before), -1);
    later.Add(static_cast<CivilDay>(day), 1);
  }
  return absl::OkStatus();
}

absl::Status ImageRecurrence::WriteWorkspaceDays(Connection& db) const {
  for (const auto& [at, changes] : workspace_changes_) {
    auto select = db.PrepareCached(
        "SELECT labeled_since, marked_null_since, model_assisted_since"
        " FROM workspace_days WHERE workspace = ? AND day = ?");
    if (!select.ok()) return select.status();
    (*select)->Bind(1, at.first);
    (*select)->Bind(2, at.second);
    absl::StatusOr<bool> found = (*select)->Step();
    if (!found.ok()) return found.status();
    WorkspaceChanges stored;
    if (*found) {
      stored.labeled = SinceCounts::FromBlob((*select)->Blob(0));
      stored.marked_null = SinceCounts::FromBlob((*select)->Blob(1));
      stored.model_assisted = SinceCounts::FromBlob((*select)->Blob(2));
    }
    (*select)->Reset();
    stored.labeled.AddAll(changes.labeled);
    stored.marked_null.AddAll(changes.marked_null);
    stored.model_assisted.AddAll(changes.model_assisted);

    auto upsert = db.PrepareCached(
        "INSERT OR REPLACE INTO workspace_days (workspace, day, labeled_since,"
        " marked_null_since, model_assisted_since) VALUES (?, ?, ?, ?, ?)");
    if (!upsert.ok()) return upsert.status();
    (*upsert)->Bind(1, at.first);
    (*upsert)->Bind(2, at.second);
    (*upsert)->BindBlob(3, stored.labeled.ToBlob());
    (*upsert)->BindBlob(4, stored.marked_null.ToBlob());
    (*upsert)->BindBlob(5, stored.model_assisted.ToBlob());
    absl::Status done = (*upsert)->Run();
    if (!done.ok()) return done;
  }
  return absl::OkStatus();
}

}  // namespace insights
