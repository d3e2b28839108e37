#include "server/store/session_rollup.h"

#include <absl/container/flat_hash_set.h>
#include <absl/strings/str_cat.h>

#include "server/stats/civil_day.h"

namespace insights {

void SessionRollup::Add(const EventRow& row, bool new_image) {
  const Key key{row.codes.workspace, CivilDayOfUnixSeconds(row.time_seconds),
                row.codes.project, row.codes.labeler};
  Session& session = sessions_[key];
  const auto image = static_cast<uint32_t>(row.codes.image);
  if (new_image) new_images_.insert({row.codes.workspace, image});
  if (row.kind == EventRow::kReview) {
    const bool approved = row.review_result == v1::REVIEW_RESULT_APPROVED;
    (approved ? session.approved : session.rejected) += 1;
    (approved ? session.approved_images : session.rejected_images).Add(image);
    return;
  }
  session.boxes_added += row.boxes_added;
  session.boxes_removed += row.boxes_removed;
  session.boxes_updated += row.boxes_updated;
  session.labeled.Add(image);
  if (row.marked_null) session.marked_null.Add(image);
  if (row.model_assisted) session.model_assisted.Add(image);
}

void SessionRollup::Session::Merge(const Session& other) {
  boxes_added += other.boxes_added;
  boxes_removed += other.boxes_removed;
  boxes_updated += other.boxes_updated;
  approved += other.approved;
  rejected += other.rejected;
  labeled.AddAll(other.labeled);
  marked_null.AddAll(other.marked_null);
  model_assisted.AddAll(other.model_assisted);
}

namespace {

void BindKey(Statement& s, const SessionRollup::Key& key) {
  s.Bind(1, std::get<0>(key));
  s.Bind(2, std::get<1>(key));
  s.Bind(3, std::get<2>(key));
  s.Bind(4, std::get<3>(key));
}

constexpr char kWhereKey[] =
    " WHERE workspace = ? AND day = ? AND project = ? AND labeler = ?";

}  // namespace

absl::Status SessionRollup::ReadStored(Connection& db, const Key& key,
                                       Session& session) {
  auto numbers = db.PrepareCached(absl::StrCat(
      "SELECT boxes_added, boxes_removed, boxes_updated, approved, rejected,"
      " decided_since, rejected_since FROM sessions",
      kWhereKey));
  if (!numbers.ok()) return numbers.status();
  Statement& n = **numbers;
  BindKey(n, key);
  absl::StatusOr<bool> found = n.Step();
  if (!found.ok() || !*found) return found.status();
  session.boxes_added = n.Int(0);
  session.boxes_removed = n.Int(1);
  session.boxes_updated = n.Int(2);
  session.approved = n.Int(3);
  session.rejected = n.Int(4);
  session.decided_since = SinceCounts::FromBlob(n.Blob(5));
  session.rejected_since = SinceCounts::FromBlob(n.Blob(6));
  n.Reset();

  auto sets = db.PrepareCached(absl::StrCat(
      "SELECT labeled, marked_null, model_assisted FROM session_images",
      kWhereKey));
  if (!sets.ok()) return sets.status();
  Statement& i = **sets;
  BindKey(i, key);
  found = i.Step();
  if (!found.ok() || !*found) return found.status();
  session.labeled = ImageSet::FromBlob(i.Blob(0));
  session.marked_null = ImageSet::FromBlob(i.Blob(1));
  session.model_assisted = ImageSet::FromBlob(i.Blob(2));
  i.Reset();
  return absl::OkStatus();
}

absl::Status SessionRollup::Store(Connection& db, const Key& key,
                                  const Session& session, bool sets_changed) {
  auto numbers = db.PrepareCached(
      "INSERT OR REPLACE INTO sessions (workspace, day, project, labeler,"
      " boxes_added, boxes_removed, boxes_updated, approved, rejected,"
      " images_labeled, images_marked_null, images_model_assisted,"
      " decided_since, rejected_since)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!numbers.ok()) return numbers.status();
  Statement& n = **numbers;
  BindKey(n, key);
  n.Bind(5, session.boxes_added);
  n.Bind(6, session.boxes_removed);
  n.Bind(7, session.boxes_updated);
  n.Bind(8, session.approved);
  n.Bind(9, session.rejected);
  n.Bind(10, static_cast<int64_t>(session.labeled.Count()));
  n.Bind(11, static_cast<int64_t>(session.marked_null.Count()));
  n.Bind(12, static_cast<int64_t>(session.model_assisted.Count()));
  n.BindBlob(13, session.decided_since.ToBlob());
  n.BindBlob(14, session.rejected_since.ToBlob());
  absl::Status done = n.Run();
  if (!done.ok() || !sets_changed) return done;

  auto sets = db.PrepareCached(
      "INSERT OR REPLACE INTO session_images (workspace, day, project,"
      " labeler, labeled, marked_null, model_assisted)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!sets.ok()) return sets.status();
  Statement& i = **sets;
  BindKey(i, key);
  i.BindBlob(5, session.labeled.ToBlob());
  i.BindBlob(6, session.marked_null.ToBlob());
  i.BindBlob(7, session.model_assisted.ToBlob());
  return i.Run();
}

absl::Status SessionRollup::RecordOccurrences(Connection& db, const Key& key,
                                              const Session& added,
                                              ImageRecurrence& recurrence) {
  ImageSet decided = added.approved_images;
  decided.AddAll(added.rejected_images);
  const std::pair<const ImageSet*, ImageStream> streams[] = {
      {&added.labeled, ImageStream::kLabeled},
      {&added.marked_null, ImageStream::kMarkedNull},
      {&added.model_assisted, ImageStream::kModelAssisted},
      {&decided, ImageStream::kDecided},
      {&added.rejected_images, ImageStream::kRejected}};
  for (const auto& [images, stream] : streams) {
    for (uint32_t image : *images) {
      absl::Status done = recurrence.Occur(db, key, stream, image);
      if (!done.ok()) return done;
    }
  }
  return absl::OkStatus();
}

absl::Status SessionRollup::WriteTo(Connection& db) const {
  ImageRecurrence recurrence(new_images_);
  for (const auto& [key, added] : sessions_) {
    absl::Status done = RecordOccurrences(db, key, added, recurrence);
    if (!done.ok()) return done;
  }
  // This batch's sessions, and the earlier or later ones whose review
  // counts its occurrences moved.
  absl::flat_hash_set<Key> keys;
  for (const auto& [key, added] : sessions_) keys.insert(key);
  for (const auto& [key, changes] : recurrence.pair_changes()) keys.insert(key);
  for (const Key& key : keys) {
    Session merged;
    absl::Status done = ReadStored(db, key, merged);
    if (!done.ok()) return done;
    const auto added = sessions_.find(key);
    if (added != sessions_.end()) merged.Merge(added->second);
    const auto& pair_changes = recurrence.pair_changes();
    if (auto moved = pair_changes.find(key); moved != pair_changes.end()) {
      merged.decided_since.AddAll(moved->second.decided);
      merged.rejected_since.AddAll(moved->second.rejected);
    }
    done = Store(db, key, merged, /*sets_changed=*/added != sessions_.end());
    if (!done.ok()) return done;
  }
  return recurrence.WriteWorkspaceDays(db);
}

}  // namespace insights
