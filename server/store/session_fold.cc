#include "server/store/session_fold.h"

namespace insights {
namespace {

// NULL, the empty set, is skipped without parsing.
void AddBlob(ImageSetUnion& set, const Statement& row, int column) {
  const absl::string_view blob = row.Blob(column);
  if (!blob.empty()) set.Add(ImageSet::FromBlob(blob));
}

}  // namespace

void SessionFold::Add(const Statement& row) {
  PairSums& pair = pairs_[{row.Int(0), row.Int(1)}];
  PairActivity& sums = pair.sums;
  sums.boxes_added += row.Int(2);
  sums.boxes_removed += row.Int(3);
  sums.boxes_updated += row.Int(4);
  sums.approved += row.Int(5);
  sums.rejected += row.Int(6);
  // Distinct per session, so their sum is the per-session count.
  sums.images_labeled += row.Int(7);
  sums.images_marked_null += row.Int(8);
  sums.images_model_assisted += row.Int(9);
  AddBlob(labeled_, row, 10);
  AddBlob(marked_null_, row, 11);
  AddBlob(model_assisted_, row, 12);
  AddBlob(pair.decided, row, 13);
  AddBlob(pair.decided, row, 14);
  AddBlob(pair.rejected, row, 14);
}

std::vector<SessionFold::Pair> SessionFold::Pairs() const {
  std::vector<Pair> pairs;
  pairs.reserve(pairs_.size());
  for (const auto& [codes, pair] : pairs_) {
    Pair& out = pairs.emplace_back();
    out.project_code = codes.first;
    out.labeler_code = codes.second;
    out.activity = pair.sums;
    const int64_t decided = pair.decided.Count();
    out.activity.first_pass.decided_images = decided;
    out.activity.first_pass.approved_first_pass =
        decided - static_cast<int64_t>(pair.rejected.Count());
  }
  return pairs;
}

}  // namespace insights
