#ifndef INSIGHTS_SERVER_STORE_SESSION_ROLLUP_H_
#define INSIGHTS_SERVER_STORE_SESSION_ROLLUP_H_

#include <cstdint>
#include <tuple>

#include <absl/container/flat_hash_map.h>
#include <absl/status/status.h>

#include "server/store/event_row.h"
#include "server/store/image_recurrence.h"
#include "server/store/image_set.h"
#include "server/store/since_counts.h"
#include "server/store/sqlite_handle.h"

namespace insights {

// What a batch adds to the `sessions` rows it touches, gathered in memory so
// that each touched row is read and written once per batch rather than once
// per event; and, through ImageRecurrence, to the counts of images seen
// for the first time in a range (`image_days`, the sessions' `*_since`
// columns and `workspace_days`). Not thread-safe.
class SessionRollup final {
 public:
  // Adds a counting event (EventRow::Counts) to its session. `new_image`
  // says that its image got its code in this transaction, so that no stored
  // occurrence of it needs looking up.
  void Add(const EventRow& row, bool new_image = false);

  // Merges every gathered session into its stored row, and records its
  // images' occurrences, inside the caller's transaction.
  absl::Status WriteTo(Connection& db) const;

  // (workspace, UTC day, project, labeler)
  using Key = std::tuple<int64_t, int64_t, int64_t, int64_t>;

 private:
  struct Session {
    int64_t boxes_added = 0;
    int64_t boxes_removed = 0;
    int64_t boxes_updated = 0;
    int64_t approved = 0;
    int64_t rejected = 0;
    ImageSet labeled;
    ImageSet marked_null;
    ImageSet model_assisted;
    // Stored only as occurrences in ImageRecurrence's streams.
    ImageSet approved_images;
    ImageSet rejected_images;
    // Of the pair's review streams, as ImageRecurrence counts them.
    SinceCounts decided_since;
    SinceCounts rejected_since;

    void Merge(const Session& other);
  };

  static absl::Status RecordOccurrences(Connection& db, const Key& key,
                                        const Session& added,
                                        ImageRecurrence& recurrence);

  static absl::Status ReadStored(Connection& db, const Key& key,
                                 Session& session);
  // Writes the image sets only when `sets_changed`.
  static absl::Status Store(Connection& db, const Key& key,
                            const Session& session, bool sets_changed);

  absl::flat_hash_map<Key, Session> sessions_;
  ImageRecurrence::NewImages new_images_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_SESSION_ROLLUP_H_
