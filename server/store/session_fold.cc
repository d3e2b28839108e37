#include "server/store/session_fold.h"

#include "server/store/since_counts.h"

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
  sums.first_pass.decided_images +=
      SinceCounts::CountBefore(row.Blob(10), first_day_);
  pair.rejected_images += SinceCounts::CountBefore(row.Blob(11), first_day_);
}

void SessionFold::AddSets(const Statement& row) {
  AddBlob(labeled_sets_, row, 0);
  AddBlob(marked_null_sets_, row, 1);
  AddBlob(model_assisted_sets_, row, 2);
}

void SessionFold::AddWorkspaceDay(const Statement& row) {
  labeled_ += SinceCounts::CountBefore(row.Blob(0), first_day_);
  marked_null_ += SinceCounts::CountBefore(row.Blob(1), first_day_);
  model_assisted_ += SinceCounts::CountBefore(row.Blob(2), first_day_);
}

std::vector<SessionFold::Pair> SessionFold::Pairs() const {
  std::vector<Pair> pairs;
  pairs.reserve(pairs_.size());
  for (const auto& [codes, pair] : pairs_) {
    Pair& out = pairs.emplace_back();
    out.project_code = codes.first;
    out.labeler_code = codes.second;
    out.activity = pair.sums;
    out.activity.first_pass.approved_first_pass =
        pair.sums.first_pass.decided_images - pair.rejected_images;
  }
  return pairs;
}

int64_t SessionFold::DistinctImagesLabeled() const {
  return union_sets_ ? static_cast<int64_t>(labeled_sets_.Count()) : labeled_;
}

int64_t SessionFold::DistinctImagesMarkedNull() const {
  return union_sets_ ? static_cast<int64_t>(marked_null_sets_.Count())
                     : marked_null_;
}

int64_t SessionFold::DistinctImagesModelAssisted() const {
  return union_sets_ ? static_cast<int64_t>(model_assisted_sets_.Count())
                     : model_assisted_;
}

}  // namespace insights
