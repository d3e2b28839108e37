#include "server/store/event_row.h"

#include <tuple>

namespace insights {

EventRow EventRow::FromProto(const v1::Event& event, const EventCodes& codes) {
  EventRow row;
  row.codes = codes;
  row.event_id = event.event_id();
  row.time_seconds = event.time().seconds();
  row.time_nanos = event.time().nanos();
  if (event.has_annotation()) {
    const v1::Annotation& annotation = event.annotation();
    row.kind = kAnnotate;
    row.boxes_added = annotation.boxes_added();
    row.boxes_removed = annotation.boxes_removed();
    row.boxes_updated = annotation.boxes_updated();
    row.marked_null = annotation.marked_null();
    row.model_assisted = annotation.model_assisted();
    row.codes.reviewer = -1;
  } else {
    row.kind = kReview;
    row.review_result = event.review().result();
  }
  return row;
}

EventRow EventRow::FromStatement(const Statement& s) {
  EventRow row;
  row.codes.workspace = s.Int(0);
  row.event_id = s.Text(1);
  row.time_seconds = s.Int(2);
  row.time_nanos = s.Int(3);
  row.codes.project = s.Int(4);
  row.codes.labeler = s.Int(5);
  row.codes.image = s.Int(6);
  row.kind = s.Int(7);
  row.boxes_added = s.Int(8);
  row.boxes_removed = s.Int(9);
  row.boxes_updated = s.Int(10);
  row.marked_null = s.Int(11);
  row.model_assisted = s.Int(12);
  row.codes.reviewer = s.IsNull(13) ? -1 : s.Int(13);
  row.review_result = s.IsNull(14) ? 0 : s.Int(14);
  return row;
}

void EventRow::BindAll(Statement& s) const {
  s.Bind(1, codes.workspace);
  s.Bind(2, event_id);
  s.Bind(3, time_seconds);
  s.Bind(4, time_nanos);
  s.Bind(5, codes.project);
  s.Bind(6, codes.labeler);
  s.Bind(7, codes.image);
  s.Bind(8, kind);
  s.Bind(9, boxes_added);
  s.Bind(10, boxes_removed);
  s.Bind(11, boxes_updated);
  s.Bind(12, marked_null);
  s.Bind(13, model_assisted);
  if (kind == kReview) {
    s.Bind(14, codes.reviewer);
    s.Bind(15, review_result);
  } else {
    s.BindNull(14);
    s.BindNull(15);
  }
}

bool EventRow::Counts() const {
  if (kind == kReview) return true;
  return boxes_added > 0 || boxes_removed > 0 || boxes_updated > 0 ||
         marked_null != 0;
}

bool EventRow::operator==(const EventRow& o) const {
  auto tie = [](const EventRow& r) {
    return std::tie(r.codes.workspace, r.codes.project, r.codes.labeler,
                    r.codes.image, r.codes.reviewer, r.event_id, r.time_seconds,
                    r.time_nanos, r.kind, r.boxes_added, r.boxes_removed,
                    r.boxes_updated, r.marked_null, r.model_assisted,
                    r.review_result);
  };
  return tie(*this) == tie(o);
}

}  // namespace insights
