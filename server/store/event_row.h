#ifndef INSIGHTS_SERVER_STORE_EVENT_ROW_H_
#define INSIGHTS_SERVER_STORE_EVENT_ROW_H_

#include <cstdint>
#include <string>

#include "insights/v1/ingest_service.pb.h"
#include "server/store/sqlite_handle.h"

namespace insights {

// The integer codes of an event's ids (see SymbolTable).
struct EventCodes {
  int64_t workspace = 0;
  int64_t project = 0;
  int64_t labeler = 0;
  int64_t image = 0;
  int64_t reviewer = -1;  // -1 for annotations
};

// An event as one row of the `events` table. Two deliveries of the same
// event id are duplicates exactly when their rows are equal.
struct EventRow {
  enum Kind : int64_t { kAnnotate = 1, kReview = 2 };

  EventCodes codes;
  std::string event_id;
  int64_t time_seconds = 0;
  int64_t time_nanos = 0;
  int64_t kind = 0;
  int64_t boxes_added = 0;
  int64_t boxes_removed = 0;
  int64_t boxes_updated = 0;
  int64_t marked_null = 0;
  int64_t model_assisted = 0;
  int64_t review_result = 0;  // 0 for annotations

  // Expects an event that passed ValidateEvent.
  static EventRow FromProto(const v1::Event& event, const EventCodes& codes);
  // Reads the columns, in kColumns order, from a result row.
  static EventRow FromStatement(const Statement& row);
  // Binds every column, in kColumns order, from parameter 1.
  void BindAll(Statement& statement) const;

  // Whether the event counts anywhere: it labels its image (adds, removes or
  // updates a box, or marks it null) or is a review decision.
  bool Counts() const;

  bool operator==(const EventRow& other) const;

  static constexpr char kColumns[] =
      "workspace, event_id, time_seconds, time_nanos, project, labeler,"
      " image, kind, boxes_added, boxes_removed, boxes_updated, marked_null,"
      " model_assisted, reviewer, review_result";
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_EVENT_ROW_H_
