#include "client/table_printer.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <absl/strings/str_format.h>

namespace insights {
namespace {

using Row = std::vector<std::string>;

std::string Rate(bool has_rate, double rate) {
  return has_rate ? absl::StrFormat("%.2f%%", rate) : "-";
}

Row DataRow(const v1::LabelerProjectStats& d, const std::string& name) {
  return {d.project_name().empty() ? d.project_id() : d.project_name(),
          name,
          std::to_string(d.images_labeled()),
          std::to_string(d.boxes_added()),
          std::to_string(d.boxes_removed()),
          std::to_string(d.boxes_updated()),
          std::to_string(d.net_boxes_added()),
          std::to_string(d.marked_null()),
          std::to_string(d.model_assisted()),
          std::to_string(d.approved()),
          std::to_string(d.rejected()),
          Rate(d.has_approval_rate(), d.approval_rate())};
}

void PrintRows(const std::vector<Row>& rows, std::ostream& out) {
  std::vector<size_t> widths(rows.front().size(), 0);
  for (const Row& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  for (const Row& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      // Names left-aligned, numbers right-aligned.
      out << (i < 2 ? absl::StrFormat("%-*s", widths[i], row[i])
                    : absl::StrFormat("%*s", widths[i], row[i]))
          << (i + 1 < row.size() ? "  " : "\n");
    }
  }
}

}  // namespace

void PrintStatsTable(const v1::GetWorkspaceStatsResponse& response,
                     std::ostream& out) {
  std::map<std::string, std::string> names;
  for (const v1::Labeler& labeler : response.labelers()) {
    names[labeler.id()] = labeler.display_name();
  }
  std::vector<Row> rows = {{"project", "labeler", "images", "added", "removed",
                            "updated", "net", "null", "assisted", "approved",
                            "rejected", "approval"}};
  for (const v1::LabelerProjectStats& d : response.data()) {
    rows.push_back(DataRow(d, names[d.labeler_id()]));
  }
  if (response.data().empty()) {
    out << "No labeling activity matched.\n";
  } else {
    PrintRows(rows, out);
  }

  const v1::WorkspaceTotals& t = response.stats();
  out << absl::StrFormat(
      "\nTotals: %d images labeled, %d marked null, %d with model assist;"
      " boxes %d added, %d removed, %d updated (net %d); approval %s\n",
      t.num_images_labeled(), t.num_images_marked_null(),
      t.total_images_using_model_assist(), t.num_boxes_added(),
      t.num_boxes_removed(), t.num_boxes_updated(), t.net_boxes_added(),
      Rate(t.has_approval_rate(), t.approval_rate()));
  for (const std::string& notice : response.meta().notices()) {
    out << "Note: " << notice << "\n";
  }
}

}  // namespace insights
