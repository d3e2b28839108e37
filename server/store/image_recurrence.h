#ifndef INSIGHTS_SERVER_STORE_IMAGE_RECURRENCE_H_
#define INSIGHTS_SERVER_STORE_IMAGE_RECURRENCE_H_

#include <cstdint>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include "server/stats/civil_day.h"
#include "server/store/since_counts.h"
#include "server/store/sqlite_handle.h"

namespace insights {

// The streams of image occurrences whose distinct images an answer counts
// over a range of days: per workspace, the images labeled, marked null and
// labeled with model help; per (project, labeler), the images a review
// decided on and those it rejected.
enum class ImageStream : int64_t {
  kLabeled = 1,
  kMarkedNull = 2,
  kModelAssisted = 3,
  kDecided = 4,
  kRejected = 5,
};

// Keeps `image_days`, the days on which each image occurs in each stream,
// and gathers the SinceCounts changes that new occurrences make: a new
// occurrence counts as last seen on its previous day in the stream, and
// the next occurrence, if any, now counts as last seen on the new day.
// Gathered changes are for the caller to merge into the stored rows.
// Not thread-safe; use inside the writer's transaction.
class ImageRecurrence final {
 public:
  // (workspace, day, project, labeler), as SessionRollup keys sessions.
  using PairDay = std::tuple<int64_t, int64_t, int64_t, int64_t>;
  using WorkspaceDay = std::pair<int64_t, int64_t>;
  // (workspace, image, stream, project, labeler), as `image_days` keys them
  // before the day.
  using ImageInStream =
      std::tuple<int64_t, uint32_t, ImageStream, int64_t, int64_t>;
  struct PairChanges {
    SinceCounts decided;
    SinceCounts rejected;
  };
  struct WorkspaceChanges {
    SinceCounts labeled;
    SinceCounts marked_null;
    SinceCounts model_assisted;
  };

  // (workspace, image) of images that got their codes in this transaction:
  // all their occurrences are this transaction's, so they are looked up
  // in memory rather than in `image_days`.
  using NewImages = absl::flat_hash_set<std::pair<int64_t, uint32_t>>;

  explicit ImageRecurrence(const NewImages& new_images)
      : new_images_(new_images) {}

  // Records that `image` occurs on the pair-day's day in a workspace-wide
  // stream (kLabeled, kMarkedNull, kModelAssisted) or in the pair's own
  // (kDecided, kRejected). Occurrences already stored change nothing.
  absl::Status Occur(Connection& db, const PairDay& at, ImageStream stream,
                     uint32_t image);

  const absl::flat_hash_map<PairDay, PairChanges>& pair_changes() const {
    return pair_changes_;
  }

  // Merges the workspace-wide changes into `workspace_days`.
  absl::Status WriteWorkspaceDays(Connection& db) const;

 private:
  // The days before and after `day` on which the image occurs in the
  // stream, if any; `day` itself counts as before.
  absl::StatusOr<std::pair<std::optional<int64_t>, std::optional<int64_t>>>
  Neighbours(Connection& db, const ImageInStream& where, int64_t day);

  SinceCounts& ChangesOf(const PairDay& at, ImageStream stream);

  const NewImages& new_images_;
  // The days of new images, in each stream they occur in.
  absl::flat_hash_map<ImageInStream, std::set<int64_t>> new_image_days_;
  absl::flat_hash_map<PairDay, PairChanges> pair_changes_;
  absl::flat_hash_map<WorkspaceDay, WorkspaceChanges> workspace_changes_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_IMAGE_RECURRENCE_H_
