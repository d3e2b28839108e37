// The client's table: columns stay aligned whatever the names' characters.
#include "client/table_printer.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace insights {
namespace {

TEST(TerminalColumnsTest, CountsCharactersNotBytes) {
  EXPECT_EQ(TerminalColumns("Ana"), 3u);
  EXPECT_EQ(TerminalColumns("Hernández"), 9u);  // é is two bytes
  EXPECT_EQ(TerminalColumns("Chloé Müller"), 12u);
  EXPECT_EQ(TerminalColumns("王小明"), 6u);  // wide: two columns each
  EXPECT_EQ(TerminalColumns(""), 0u);
}

TEST(PrintStatsTableTest, RowsWithAccentsAndWideNamesLineUp) {
  v1::GetWorkspaceStatsResponse response;
  const std::vector<std::pair<std::string, std::string>> labelers = {
      {"ana", "Ana"}, {"daniel", "Daniel Hernández"}, {"wang", "王小明"}};
  for (const auto& [id, name] : labelers) {
    v1::Labeler* labeler = response.add_labelers();
    labeler->set_id(id);
    labeler->set_display_name(name);
    v1::LabelerProjectStats* row = response.add_data();
    row->set_project_id("p");
    row->set_project_name("Überprüfung");
    row->set_labeler_id(id);
    row->set_images_labeled(7);
  }
  std::ostringstream out;
  PrintStatsTable(response, out);

  std::istringstream lines(out.str());
  std::string line;
  std::vector<size_t> widths;
  while (std::getline(lines, line) && !line.empty()) {
    widths.push_back(TerminalColumns(line));
  }
  ASSERT_EQ(widths.size(), 4u) << out.str();  // the header and three rows
  for (size_t width : widths) EXPECT_EQ(width, widths.front()) << out.str();
}

}  // namespace
}  // namespace insights
