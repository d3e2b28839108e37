#ifndef INSIGHTS_CLIENT_TABLE_PRINTER_H_
#define INSIGHTS_CLIENT_TABLE_PRINTER_H_

#include <cstddef>
#include <ostream>

#include <absl/strings/string_view.h>

#include "insights/v1/stats_service.pb.h"

namespace insights {

// Writes a stats answer for people: one row per (project, labeler) with the
// labeler's display name, then the workspace totals and the notices.
void PrintStatsTable(const v1::GetWorkspaceStatsResponse& response,
                     std::ostream& out);

// The columns UTF-8 `text` takes in a terminal: one per character, two for
// East Asian wide characters and emoji.
size_t TerminalColumns(absl::string_view text);

}  // namespace insights

#endif  // INSIGHTS_CLIENT_TABLE_PRINTER_H_
