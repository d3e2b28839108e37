#include "common/rest_json.h"

#include <gtest/gtest.h>

#include "insights/v1/ingest_service.pb.h"
#include "insights/v1/stats_service.pb.h"

namespace insights {
namespace {

TEST(RestJsonTest, WritesEveryFieldWithCountsAsNumbersAndUnsetRateAsNull) {
  v1::LabelerProjectStats row;
  row.set_project_id("p");
  row.set_images_labeled(int64_t{1} << 40);
  row.set_boxes_drawn(-3);
  const auto json = ToRestJson(row);
  EXPECT_EQ(json.size(), 17u);
  EXPECT_TRUE(json["imagesLabeled"].is_number_integer());
  EXPECT_EQ(json["imagesLabeled"].get<int64_t>(), int64_t{1} << 40);
  EXPECT_EQ(json["boxesDrawn"].get<int64_t>(), -3);
  EXPECT_EQ(json["approved"].get<int64_t>(), 0);
  EXPECT_EQ(json["projectName"], "");
  EXPECT_TRUE(json["approvalRate"].is_null());
  EXPECT_EQ(json.begin().key(), "projectId");  // the .proto's order
}

TEST(RestJsonTest, WritesRatesInTheirShortestExactForm) {
  v1::WorkspaceTotals totals;
  totals.set_approval_rate(90.63);
  EXPECT_NE(ToRestJsonString(totals).find("\"approvalRate\":90.63}"),
            std::string::npos);
  totals.set_approval_rate(100);
  EXPECT_NE(ToRestJsonString(totals).find("\"approvalRate\":100}"),
            std::string::npos);
}

TEST(RestJsonTest, EscapesQuotesBackslashesAndControlCharacters) {
  v1::Labeler labeler;
  labeler.set_display_name("A \"q\" \\ b\n\x01 é");
  const std::string text = ToRestJsonString(labeler);
  EXPECT_NE(text.find(R"("A \"q\" \\ b\n\u0001 é")"), std::string::npos)
      << text;
  EXPECT_EQ(ToRestJson(labeler)["displayName"], "A \"q\" \\ b\n\x01 é");
}

TEST(RestJsonTest, WritesNestedMessagesListsEnumsAndTimestamps) {
  v1::Event event;
  event.mutable_time()->set_seconds(1709287200);
  event.mutable_review()->set_result(v1::REVIEW_RESULT_APPROVED);
  const auto json = ToRestJson(event);
  EXPECT_EQ(json["time"], "2024-03-01T10:00:00Z");
  EXPECT_EQ(json["review"]["result"], "REVIEW_RESULT_APPROVED");
  EXPECT_FALSE(json.contains("annotation"));  // the other member of a oneof

  v1::GetWorkspaceStatsResponse response;
  response.add_data();
  response.add_data();
  const auto answer = ToRestJson(response);
  EXPECT_EQ(answer["data"].size(), 2u);
  EXPECT_TRUE(answer["labelers"].is_array());
  EXPECT_TRUE(answer["stats"].is_object());  // unset, written in full
}

}  // namespace
}  // namespace insights
