#include "server/store/session_rollup.h"

#include "server/stats/civil_day.h"

namespace insights {

void SessionRollup::Add(const EventRow& row) {
  const Key key{row.codes.workspace, CivilDayOfUnixSeconds(row.time_seconds),
                row.codes.project, row.codes.labeler};
  Session& session = sessions_[key];
  const auto image = static_cast<uint32_t>(row.codes.image);
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
  approved_images.AddAll(other.approved_images);
  rejected_images.AddAll(other.rejected_images);
}

absl::Status SessionRollup::ReadStored(Connection& db, const Key& key,
                                       Session& session) {
  auto select = db.PrepareCached(
      "SELECT boxes_added, boxes_removed, boxes_updated, approved, rejected,"
      " labeled, marked_null, model_assisted, approved_images,"
      " rejected_images FROM sessions"
      " WHERE workspace = ? AND day = ? AND project = ? AND labeler = ?");
  if (!select.ok()) return select.status();
  Statement& s = **select;
  s.Bind(1, std::get<0>(key));
  s.Bind(2, std::get<1>(key));
  s.Bind(3, std::get<2>(key));
  s.Bind(4, std::get<3>(key));
  absl::StatusOr<bool> found = s.Step();
  if (!found.ok() || !*found) return found.status();
  session.boxes_added = s.Int(0);
  session.boxes_removed = s.Int(1);
  session.boxes_updated = s.Int(2);
  session.approved = s.Int(3);
  session.rejected = s.Int(4);
  session.labeled = ImageSet::FromBlob(s.Blob(5));
  session.marked_null = ImageSet::FromBlob(s.Blob(6));
  session.model_assisted = ImageSet::FromBlob(s.Blob(7));
  session.approved_images = ImageSet::FromBlob(s.Blob(8));
  session.rejected_images = ImageSet::FromBlob(s.Blob(9));
  s.Reset();
  return absl::OkStatus();
}

absl::Status SessionRollup::Store(Connection& db, const Key& key,
                                  const Session& session) {
  auto upsert = db.PrepareCached(
      "INSERT OR REPLACE INTO sessions (workspace, day, project, labeler,"
      " boxes_added, boxes_removed, boxes_updated, approved, rejected,"
      " images_labeled, images_marked_null, images_model_assisted,"
      " labeled, marked_null, model_assisted, approved_images,"
      " rejected_images)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!upsert.ok()) return upsert.status();
  Statement& s = **upsert;
  s.Bind(1, std::get<0>(key));
  s.Bind(2, std::get<1>(key));
  s.Bind(3, std::get<2>(key));
  s.Bind(4, std::get<3>(key));
  s.Bind(5, session.boxes_added);
  s.Bind(6, session.boxes_removed);
  s.Bind(7, session.boxes_updated);
  s.Bind(8, session.approved);
  s.Bind(9, session.rejected);
  s.Bind(10, static_cast<int64_t>(session.labeled.Count()));
  s.Bind(11, static_cast<int64_t>(session.marked_null.Count()));
  s.Bind(12, static_cast<int64_t>(session.model_assisted.Count()));
  s.BindBlob(13, session.labeled.ToBlob());
  s.BindBlob(14, session.marked_null.ToBlob());
  s.BindBlob(15, session.model_assisted.ToBlob());
  s.BindBlob(16, session.approved_images.ToBlob());
  s.BindBlob(17, session.rejected_images.ToBlob());
  return s.Run();
}

absl::Status SessionRollup::WriteTo(Connection& db) const {
  for (const auto& [key, added] : sessions_) {
    Session merged;
    absl::Status done = ReadStored(db, key, merged);
    if (!done.ok()) return done;
    merged.Merge(added);
    done = Store(db, key, merged);
    if (!done.ok()) return done;
  }
  return absl::OkStatus();
}

}  // namespace insights
