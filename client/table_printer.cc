#include "client/table_printer.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <absl/strings/str_format.h>

namespace insights {
namespace {

using Row = std::vector<std::string>;

// East Asian wide characters and emoji take two columns in a terminal
// (the main blocks of Unicode's East_Asian_Width W and F).
bool IsWide(char32_t code) {
  constexpr std::pair<char32_t, char32_t> kWide[] = {
      {0x1100, 0x115F},   {0x2E80, 0x303E},  {0x3041, 0x33FF},
      {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},  {0xA000, 0xA4CF},
      {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},  {0xFE30, 0xFE4F},
      {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},  {0x1F300, 0x1F64F},
      {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD}};
  for (const auto& [first, last] : kWide) {
    if (code >= first && code <= last) return true;
  }
  return false;
}

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
      widths[i] = std::max(widths[i], TerminalColumns(row[i]));
    }
  }
  for (const Row& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string padding(widths[i] - TerminalColumns(row[i]), ' ');
      // Names left-aligned, numbers right-aligned.
      if (i < 2) {
        out << row[i] << padding;
      } else {
        out << padding << row[i];
      }
      out << (i + 1 < row.size() ? "  " : "\n");
    }
  }
}

}  // namespace

// Names are UTF-8 and may hold accents or CJK: padding by bytes would shift
// every column after "Hernández" one place to the left.
size_t TerminalColumns(absl::string_view text) {
  size_t columns = 0;
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead < 0x80    ? 1
                          : lead >= 0xF0 ? 4
                          : lead >= 0xE0 ? 3
                          : lead >= 0xC0 ? 2
                                         : 1;
    char32_t code = length == 1 ? lead : lead & (0x7F >> length);
    for (size_t k = 1; k < length && i + k < text.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    columns += IsWide(code) ? 2 : 1;
    i += length;
  }
  return columns;
}

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
