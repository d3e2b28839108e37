#include "server/store/stats_query_key.h"

#include <absl/strings/str_cat.h>

namespace insights {

std::string StatsQueryKey(const StatsQuery& q) {
  // Lengths prefix every variable part, so no two queries share a key.
  std::string key = absl::StrCat(q.workspace_id.size(), ":", q.workspace_id,
                                 "|", q.first_day, "|", q.last_day);
  for (const auto* ids : {&q.project_ids, &q.labeler_ids}) {
    absl::StrAppend(&key, "|", ids->size());
    for (const std::string& id : *ids) {
      absl::StrAppend(&key, ":", id.size(), ":", id);
    }
  }
  return key;
}

}  // namespace insights
