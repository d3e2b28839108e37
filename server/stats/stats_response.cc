#include "server/stats/stats_response.h"

#include <absl/strings/str_cat.h>

#include "server/stats/approval_rate.h"

namespace insights {
namespace {

void FillPair(const std::string& workspace_id, const PairActivity& pair,
              v1::LabelerProjectStats& out) {
  out.set_project_id(pair.project_id);
  out.set_project_name(pair.project_name);
  out.set_project_type(pair.project_type);
  out.set_workspace_id(workspace_id);
  out.set_labeler_id(pair.labeler_id);
  out.set_images_labeled(pair.images_labeled);
  out.set_boxes_added(pair.boxes_added);
  out.set_boxes_removed(pair.boxes_removed);
  out.set_boxes_updated(pair.boxes_updated);
  out.set_boxes_drawn(pair.boxes_added - pair.boxes_removed);
  out.set_net_boxes_added(pair.boxes_added - pair.boxes_removed);
  out.set_net_boxes_updated(pair.boxes_updated);
  out.set_marked_null(pair.images_marked_null);
  out.set_model_assisted(pair.images_model_assisted);
  out.set_approved(pair.approved);
  out.set_rejected(pair.rejected);
  if (auto rate = FirstPassRate(pair.first_pass)) out.set_approval_rate(*rate);
}

void FillTotals(const WorkspaceActivity& activity, v1::WorkspaceTotals& out) {
  int64_t added = 0, removed = 0, updated = 0;
  FirstPassCounts first_pass;
  for (const PairActivity& pair : activity.pairs) {
    added += pair.boxes_added;
    removed += pair.boxes_removed;
    updated += pair.boxes_updated;
    // Pairs are disjoint (project, labeler) sets, so their decided images
    // add up to the workspace's (project, labeler, image) count.
    first_pass.decided_images += pair.first_pass.decided_images;
    first_pass.approved_first_pass += pair.first_pass.approved_first_pass;
  }
  out.set_num_images_labeled(activity.distinct_images_labeled);
  out.set_num_images_marked_null(activity.distinct_images_marked_null);
  out.set_total_images_using_model_assist(
      activity.distinct_images_model_assisted);
  out.set_num_boxes_added(added);
  out.set_num_boxes_removed(removed);
  out.set_num_boxes_updated(updated);
  out.set_num_boxes_drawn(added - removed);
  out.set_net_boxes_added(added - removed);
  out.set_net_boxes_updated(updated);
  if (auto rate = FirstPassRate(first_pass)) out.set_approval_rate(*rate);
}

void FillLabeler(const LabelerRecord& record, v1::Labeler& out) {
  out.set_id(record.id);
  // System accounts and ids the catalog lacks have no profile to show.
  if (record.known && !record.system) {
    out.set_display_name(record.display_name);
    out.set_email(record.email);
  } else {
    out.set_display_name(record.id);
  }
}

}  // namespace

std::string HistoryNotice(CivilDay history_start) {
  return absl::StrCat("Annotation Insights metrics are only available from ",
                      FormatCivilDay(history_start),
                      " on; earlier dates are not counted.");
}

v1::GetWorkspaceStatsResponse BuildStatsResponse(
    const std::string& workspace_id, const WorkspaceActivity& activity,
    CivilDay history_start) {
  v1::GetWorkspaceStatsResponse response;
  for (const PairActivity& pair : activity.pairs) {
    FillPair(workspace_id, pair, *response.add_data());
  }
  for (const LabelerRecord& record : activity.labelers) {
    FillLabeler(record, *response.add_labelers());
  }
  response.mutable_meta()->add_notices(HistoryNotice(history_start));
  FillTotals(activity, *response.mutable_stats());
  return response;
}

}  // namespace insights
