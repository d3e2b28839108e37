#ifndef INSIGHTS_SERVER_STORE_SESSION_FOLD_H_
#define INSIGHTS_SERVER_STORE_SESSION_FOLD_H_

#include <cstdint>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "server/store/image_set.h"
#include "server/store/sqlite_handle.h"
#include "server/store/store.h"

namespace insights {

// The numbers of a stats answer, folded from the `sessions` rows of its
// range in a single pass: per (project, labeler) the sums and the review
// image unions, and workspace-wide the unions that count each image once.
// Only the unions' sizes are ever taken, so no union is built back into a
// stored set. Not thread-safe.
class SessionFold final {
 public:
  // The `sessions` columns that Add reads, in its order.
  static constexpr char kColumns[] =
      "project, labeler, boxes_added, boxes_removed, boxes_updated,"
      " approved, rejected, images_labeled, images_marked_null,"
      " images_model_assisted, labeled, marked_null, model_assisted,"
      " approved_images, rejected_images";

  // Folds in the current row of a statement that selects kColumns.
  void Add(const Statement& row);

  // A pair's symbol codes and its numbers; the text fields are left empty
  // for the caller, who can resolve the codes.
  struct Pair {
    int64_t project_code = 0;
    int64_t labeler_code = 0;
    PairActivity activity;
  };
  // Every pair seen, in no particular order.
  std::vector<Pair> Pairs() const;

  int64_t DistinctImagesLabeled() const { return labeled_.Count(); }
  int64_t DistinctImagesMarkedNull() const { return marked_null_.Count(); }
  int64_t DistinctImagesModelAssisted() const {
    return model_assisted_.Count();
  }

 private:
  struct PairSums {
    PairActivity sums;
    ImageSetUnion decided;   // approved ∪ rejected
    ImageSetUnion rejected;  // so that first pass = |decided| − |rejected|
  };
  absl::flat_hash_map<std::pair<int64_t, int64_t>, PairSums> pairs_;
  ImageSetUnion labeled_;
  ImageSetUnion marked_null_;
  ImageSetUnion model_assisted_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_SESSION_FOLD_H_
