#include "server/store/event_row.h"

#include <tuple>

namespace insights {

EventRow EventRow::FromProto(const v1::Event& event) {
  EventRow row;
  row.workspace_id = event.workspace_id();
  row.event_id = event.event_id();
  row.time_seconds = event.time().seconds();
  row.time_nanos = event.time().nanos();
  row.project_id = event.project_id();
  row.labeler_id = event.labeler_id();
  row.image_id = event.image_id();
  if (event.has_annotation()) {
    const v1::Annotation& annotation = event.annotation();
    row.kind = kAnnotate;
    row.boxes_added = annotation.boxes_added();
    row.boxes_removed = annotation.boxes_removed();
    row.boxes_updated = annotation.boxes_updated();
    row.marked_null = annotation.marked_null();
    row.model_assisted = annotation.model_assisted();
  } else {
    row.kind = kReview;
    row.reviewer_id = event.review().reviewer_id();
    row.review_result = event.review().result();
  }
  return row;
}

EventRow EventRow::FromStatement(const Statement& s) {
  EventRow row;
  row.workspace_id = s.Text(0);
  row.event_id = s.Text(1);
  row.time_seconds = s.Int(2);
  row.time_nanos = s.Int(3);
  row.project_id = s.Text(4);
  row.labeler_id = s.Text(5);
  row.image_id = s.Text(6);
  row.kind = s.Int(7);
  row.boxes_added = s.Int(8);
  row.boxes_removed = s.Int(9);
  row.boxes_updated = s.Int(10);
  row.marked_null = s.Int(11);
  row.model_assisted = s.Int(12);
  row.reviewer_id = s.Text(13);
  row.review_result = s.Int(14);
  return row;
}

void EventRow::BindAll(Statement& s) const {
  s.Bind(1, workspace_id);
  s.Bind(2, event_id);
  s.Bind(3, time_seconds);
  s.Bind(4, time_nanos);
  s.Bind(5, project_id);
  s.Bind(6, labeler_id);
  s.Bind(7, image_id);
  s.Bind(8, kind);
  s.Bind(9, boxes_added);
  s.Bind(10, boxes_removed);
  s.Bind(11, boxes_updated);
  s.Bind(12, marked_null);
  s.Bind(13, model_assisted);
  s.Bind(14, reviewer_id);
  s.Bind(15, review_result);
}

bool EventRow::Counts() const {
  if (kind == kReview) return true;
  return boxes_added > 0 || boxes_removed > 0 || boxes_updated > 0 ||
         marked_null != 0;
}

bool EventRow::operator==(const EventRow& o) const {
  auto tie = [](const EventRow& r) {
    return std::tie(r.workspace_id, r.event_id, r.time_seconds, r.time_nanos,
                    r.project_id, r.labeler_id, r.image_id, r.kind,
                    r.boxes_added, r.boxes_removed, r.boxes_updated,
                    r.marked_null, r.model_assisted, r.reviewer_id,
                    r.review_result);
  };
  return tie(*this) == tie(o);
}

}  // namespace insights
