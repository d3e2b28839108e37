#ifndef INSIGHTS_SERVER_STORE_SESSION_ROLLUP_H_
#define INSIGHTS_SERVER_STORE_SESSION_ROLLUP_H_

#include <cstdint>
#include <tuple>

#include <absl/container/flat_hash_map.h>
#include <absl/status/status.h>

#include "server/store/event_row.h"
#include "server/store/image_set.h"
#include "server/store/sqlite_handle.h"

namespace insights {

// What a batch adds to the `sessions` rows it touches, gathered in memory so
// that each touched row is read and written once per batch rather than once
// per event. Not thread-safe.
class SessionRollup final {
 public:
  // Adds a counting event (EventRow::Counts) to its session.
  void Add(const EventRow& row);

  // Merges every gathered session into its stored row, inside the caller's
  // transaction.
  absl::Status WriteTo(Connection& db) const;

 private:
  // (workspace, UTC day, project, labeler)
  using Key = std::tuple<int64_t, int64_t, int64_t, int64_t>;
  struct Session {
    int64_t boxes_added = 0;
    int64_t boxes_removed = 0;
    int64_t boxes_updated = 0;
    int64_t approved = 0;
    int64_t rejected = 0;
    ImageSet labeled;
    ImageSet marked_null;
    ImageSet model_assisted;
    ImageSet approved_images;
    ImageSet rejected_images;

    void Merge(const Session& other);
  };

  static absl::Status ReadStored(Connection& db, const Key& key,
                                 Session& session);
  static absl::Status Store(Connection& db, const Key& key,
                            const Session& session);

  absl::flat_hash_map<Key, Session> sessions_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_SESSION_ROLLUP_H_
