#ifndef INSIGHTS_SERVER_STATS_STATS_RESPONSE_H_
#define INSIGHTS_SERVER_STATS_STATS_RESPONSE_H_

#include <string>

#include "insights/v1/stats_service.pb.h"
#include "server/stats/civil_day.h"
#include "server/store/store.h"

namespace insights {

// The one notice every answer carries: metrics start on `history_start`.
std::string HistoryNotice(CivilDay history_start);

// Shapes the store's numbers into the public answer: derived fields (drawn
// and net boxes, approval rates), totals, placeholder profiles for system
// and unknown labelers, and the notice about the first day with metrics.
v1::GetWorkspaceStatsResponse BuildStatsResponse(
    const std::string& workspace_id, const WorkspaceActivity& activity,
    CivilDay history_start);

}  // namespace insights

#endif  // INSIGHTS_SERVER_STATS_STATS_RESPONSE_H_
