#ifndef INSIGHTS_SERVER_STORE_SESSION_FOLD_H_
#define INSIGHTS_SERVER_STORE_SESSION_FOLD_H_

#include <cstdint>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "server/stats/civil_day.h"
#include "server/store/image_set.h"
#include "server/store/sqlite_handle.h"
#include "server/store/store.h"

namespace insights {

// The numbers of a stats answer, folded in one pass from the `sessions`
// rows of its range, and, for the workspace totals, from the
// `workspace_days` rows when the whole workspace is asked for. Distinct
// images come from SinceCounts where a stream exists for exactly what is
// asked, and from unions of the sessions' image sets otherwise (a subset of
// projects or labelers). Not thread-safe.
class SessionFold final {
 public:
  // The `sessions` columns that Add reads, in its order.
  static constexpr char kColumns[] =
      "project, labeler, boxes_added, boxes_removed, boxes_updated,"
      " approved, rejected, images_labeled, images_marked_null,"
      " images_model_assisted, decided_since, rejected_since";
  // The `session_images` columns that AddSets reads.
  static constexpr char kSetColumns[] = "labeled, marked_null, model_assisted";
  // The `workspace_days` columns that AddWorkspaceDay reads.
  static constexpr char kWorkspaceDayColumns[] =
      "labeled_since, marked_null_since, model_assisted_since";

  // `first_day` is the range's; `union_sets` says whether the workspace
  // totals come from the sessions' image sets (AddSets) rather than from
  // `workspace_days` (AddWorkspaceDay).
  SessionFold(CivilDay first_day, bool union_sets)
      : first_day_(first_day), union_sets_(union_sets) {}

  // Folds in the current row of a statement that selects kColumns.
  void Add(const Statement& row);
  // Folds in the current row of a statement that selects kSetColumns; only
  // with union_sets.
  void AddSets(const Statement& row);
  // Folds in the current row of a statement that selects
  // kWorkspaceDayColumns; only without union_sets.
  void AddWorkspaceDay(const Statement& row);

  // A pair's symbol codes and its numbers; the text fields are left empty
  // for the caller, who can resolve the codes.
  struct Pair {
    int64_t project_code = 0;
    int64_t labeler_code = 0;
    PairActivity activity;
  };
  // Every pair seen, in no particular order.
  std::vector<Pair> Pairs() const;

  int64_t DistinctImagesLabeled() const;
  int64_t DistinctImagesMarkedNull() const;
  int64_t DistinctImagesModelAssisted() const;

 private:
  struct PairSums {
    PairActivity sums;
    int64_t rejected_images = 0;  // first pass = decided − rejected
  };
  const CivilDay first_day_;
  const bool union_sets_;
  absl::flat_hash_map<std::pair<int64_t, int64_t>, PairSums> pairs_;
  // From workspace_days...
  int64_t labeled_ = 0;
  int64_t marked_null_ = 0;
  int64_t model_assisted_ = 0;
  // ...or from the sessions' sets.
  ImageSetUnion labeled_sets_;
  ImageSetUnion marked_null_sets_;
  ImageSetUnion model_assisted_sets_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_SESSION_FOLD_H_
