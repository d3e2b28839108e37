// Validation of writes: Ingest::IngestEvents refuses whole batches, the
// client's JSON parsers name the offending field, and the operator token
// guards the write API.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "client/catalog_json.h"
#include "client/event_json.h"
#include "common/limits.h"
#include "tests/test_fixture.h"

namespace insights {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using IngestValidationTest = StoreFixture;

// Four valid events of 2024-03-10 (one of them a review), each on its own
// image, so that whatever of them got stored would show in the totals.
std::vector<v1::Event> ValidBatch() {
  return {
      Annotate("e0", "2024-03-10T01:00:00Z", "p1", "ann", "i0", {.added = 1}),
      Annotate("e1", "2024-03-10T02:00:00Z", "p1", "ann", "i1", {.added = 1}),
      Review("e2", "2024-03-10T03:00:00Z", "p1", "ann", "i1", "rev", true),
      Annotate("e3", "2024-03-10T04:00:00Z", "p1", "ann", "i3",
               {.marked_null = true})};
}

struct BadEvent {
  const char* what;
  const char* field;  // the JSON name the message must carry
  std::function<void(v1::Event&)> spoil;
};

TEST_F(IngestValidationTest, InvalidEventRefusesTheWholeBatch) {
  const BadEvent cases[] = {
      {"negative boxesAdded", "boxesAdded",
       [](v1::Event& e) { e.mutable_annotation()->set_boxes_added(-1); }},
      {"negative boxesRemoved", "boxesRemoved",
       [](v1::Event& e) { e.mutable_annotation()->set_boxes_removed(-2); }},
      {"negative boxesUpdated", "boxesUpdated",
       [](v1::Event& e) { e.mutable_annotation()->set_boxes_updated(-3); }},
      {"too many boxes", "boxesAdded",
       [](v1::Event& e) {
         e.mutable_annotation()->set_boxes_added(kMaxBoxesPerEvent + 1);
       }},
      {"missing eventId", "eventId", [](v1::Event& e) { e.clear_event_id(); }},
      {"missing workspaceId", "workspaceId",
       [](v1::Event& e) { e.clear_workspace_id(); }},
      {"missing projectId", "projectId",
       [](v1::Event& e) { e.clear_project_id(); }},
      {"missing labelerId", "labelerId",
       [](v1::Event& e) { e.clear_labeler_id(); }},
      {"missing imageId", "imageId", [](v1::Event& e) { e.clear_image_id(); }},
      {"missing time", "time", [](v1::Event& e) { e.clear_time(); }},
      {"unknown kind", "type", [](v1::Event& e) { e.clear_kind(); }},
      {"review without result", "result",
       [](v1::Event& e) {
         e.mutable_review()->set_reviewer_id("rev");
         e.mutable_review()->set_result(v1::REVIEW_RESULT_UNSPECIFIED);
       }},
      {"review without reviewer", "reviewerId",
       [](v1::Event& e) {
         e.mutable_review()->set_result(v1::REVIEW_RESULT_APPROVED);
       }},
      {"eventId over the limit", "eventId",
       [](v1::Event& e) { e.set_event_id(std::string(kMaxIdBytes + 1, 'e')); }},
      {"imageId over the limit", "imageId",
       [](v1::Event& e) { e.set_image_id(std::string(kMaxIdBytes + 1, 'i')); }},
  };
  for (const BadEvent& bad : cases) {
    std::vector<v1::Event> events = ValidBatch();
    bad.spoil(events[3]);
    auto refused = IngestBatch(events);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument)
        << bad.what;
    EXPECT_THAT(MessageOf(refused), StartsWith("event 3: ")) << bad.what;
    EXPECT_THAT(MessageOf(refused), HasSubstr(bad.field)) << bad.what;
  }
  // Nothing of any refused batch was stored.
  auto answer = MustGet(Request("2024-03-01", "2024-03-31"));
  EXPECT_EQ(answer.data_size(), 0);
  auto accepted = IngestBatch(ValidBatch());
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->stored_count(), 4);
  EXPECT_EQ(accepted->duplicate_count(), 0);
}

TEST_F(IngestValidationTest, IdOfExactlyTheLimitIsAccepted) {
  auto done = IngestBatch(
      {Annotate(std::string(kMaxIdBytes, 'e'), "2024-03-10T01:00:00Z", "p1",
                "ann", "i", {.added = 1})});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->stored_count(), 1);
}

TEST_F(IngestValidationTest, BatchOverTheLimitIsRefusedWhole) {
  std::vector<v1::Event> events;
  for (int i = 0; i <= kMaxEventsPerBatch; ++i) {
    events.push_back(Annotate("e" + std::to_string(i), "2024-03-10T01:00:00Z",
                              "p1", "ann", "i" + std::to_string(i),
                              {.added = 1}));
  }
  auto refused = IngestBatch(events);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(refused),
              HasSubstr(std::to_string(kMaxEventsPerBatch)));
  EXPECT_EQ(MustGet(Request("2024-03-01", "2024-03-31")).data_size(), 0);

  events.pop_back();  // exactly the limit is fine
  auto accepted = IngestBatch(events);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->stored_count(), kMaxEventsPerBatch);
  EXPECT_EQ(
      MustGet(Request("2024-03-01", "2024-03-31")).stats().num_images_labeled(),
      kMaxEventsPerBatch);
}

TEST_F(IngestValidationTest, EventOfAnUnknownWorkspaceRefusesTheBatch) {
  std::vector<v1::Event> events = ValidBatch();
  events[2].set_workspace_id("nowhere");
  auto refused = IngestBatch(events);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().code(),
              AnyOf(absl::StatusCode::kInvalidArgument,
                    absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(MessageOf(refused), StartsWith("event 2: "));
  EXPECT_THAT(MessageOf(refused), HasSubstr("nowhere"));
  // Events 0 and 1 were not kept either.
  EXPECT_EQ(MustGet(Request("2024-03-01", "2024-03-31")).data_size(), 0);
  auto accepted = IngestBatch(ValidBatch());
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->stored_count(), 4);
}

// --- ParseEventJson ---

constexpr char kAnnotateLine[] =
    R"({"eventId":"e1","time":"2024-03-01T09:30:00+05:30","type":"annotate",)"
    R"("workspaceId":"acme","projectId":"p1","labelerId":"ann",)"
    R"("imageId":"i1","boxesAdded":3,"boxesRemoved":1,"boxesUpdated":2,)"
    R"("markedNull":false,"modelAssisted":true,"extra":"ignored"})";
constexpr char kReviewLine[] =
    R"({"eventId":"r1","time":"2024-03-01T04:00:00Z","type":"review",)"
    R"("workspaceId":"acme","projectId":"p1","labelerId":"ann",)"
    R"("imageId":"i1","reviewerId":"bob","result":"rejected"})";

// `line` with the text `from` replaced by `to` (which must be present).
std::string Replace(std::string line, const std::string& from,
                    const std::string& to) {
  const size_t at = line.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) line.replace(at, from.size(), to);
  return line;
}

TEST(ParseEventJsonTest, ReadsAnAnnotateAndAReviewLine) {
  auto annotate = ParseEventJson(kAnnotateLine);
  ASSERT_TRUE(annotate.ok()) << annotate.status();
  EXPECT_EQ(annotate->event_id(), "e1");
  EXPECT_EQ(annotate->time().seconds(), UnixSeconds("2024-03-01T04:00:00Z"));
  EXPECT_EQ(annotate->annotation().boxes_added(), 3);
  EXPECT_EQ(annotate->annotation().boxes_removed(), 1);
  EXPECT_EQ(annotate->annotation().boxes_updated(), 2);
  EXPECT_TRUE(annotate->annotation().model_assisted());
  auto review = ParseEventJson(kReviewLine);
  ASSERT_TRUE(review.ok()) << review.status();
  EXPECT_EQ(review->review().reviewer_id(), "bob");
  EXPECT_EQ(review->review().result(), v1::REVIEW_RESULT_REJECTED);
}

TEST(ParseEventJsonTest, RefusesMalformedJson) {
  for (const char* bad :
       {"", "{", "not json", R"({"eventId": "e1",})", "[1, 2]"}) {
    EXPECT_EQ(ParseEventJson(bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(ParseEventJsonTest, BadOrMissingFieldIsNamed) {
  struct Case {
    std::string line;
    const char* field;
  };
  const std::string a = kAnnotateLine;
  const std::string r = kReviewLine;
  const Case cases[] = {
      {Replace(a, R"("eventId":"e1",)", ""), "eventId"},
      {Replace(a, R"("imageId":"i1",)", ""), "imageId"},
      {Replace(a, R"("boxesRemoved":1,)", ""), "boxesRemoved"},
      {Replace(a, R"("markedNull":false,)", ""), "markedNull"},
      {Replace(r, R"("reviewerId":"bob",)", ""), "reviewerId"},
      {Replace(a, R"("boxesAdded":3)", R"("boxesAdded":"3")"), "boxesAdded"},
      {Replace(a, R"("boxesAdded":3)", R"("boxesAdded":1.5)"), "boxesAdded"},
      {Replace(a, R"("boxesAdded":3)", R"("boxesAdded":-3)"), "boxesAdded"},
      {Replace(a, R"("markedNull":false)", R"("markedNull":0)"), "markedNull"},
      {Replace(a, R"("modelAssisted":true)", R"("modelAssisted":1)"),
       "modelAssisted"},
      {Replace(a, R"("eventId":"e1")", R"("eventId":1)"), "eventId"},
      {Replace(a, "+05:30", ""), "time"},
      {Replace(a, R"("2024-03-01T09:30:00+05:30")", R"("yesterday")"), "time"},
      {Replace(a, R"("type":"annotate")", R"("type":"delete")"), "type"},
      {Replace(a, R"("type":"annotate",)", ""), "type"},
      {Replace(r, R"("result":"rejected")", R"("result":"maybe")"), "result"},
      {Replace(r, R"(,"result":"rejected")", ""), "result"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseEventJson(c.line);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument)
        << c.line;
    EXPECT_THAT(MessageOf(parsed), HasSubstr(c.field)) << c.line;
  }
}

// --- ParseCatalogJson ---

TEST(ParseCatalogJsonTest, ReadsWorkspacesProjectsAndLabelers) {
  auto catalog = ParseCatalogJson(R"({
    "workspaces": [{"id": "acme", "name": "Acme", "apiKeys": ["k1", "k2"]}],
    "projects": [{"id": "p1", "workspaceId": "acme", "name": "Cars",
                  "type": "object-detection"}],
    "labelers": [{"id": "ann", "displayName": "Ann", "email": "a@x.io"},
                 {"id": "autolabelservice", "system": true}]})");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  ASSERT_EQ(catalog->workspaces.size(), 1u);
  EXPECT_EQ(catalog->workspaces[0].id(), "acme");
  EXPECT_EQ(catalog->workspaces[0].api_keys_size(), 2);
  ASSERT_EQ(catalog->projects.projects_size(), 1);
  EXPECT_EQ(catalog->projects.projects(0).type(), "object-detection");
  ASSERT_EQ(catalog->labelers.labelers_size(), 2);
  EXPECT_EQ(catalog->labelers.labelers(0).email(), "a@x.io");
  EXPECT_FALSE(catalog->labelers.labelers(0).system());
  EXPECT_TRUE(catalog->labelers.labelers(1).system());
}

TEST(ParseCatalogJsonTest, AbsentListsAreEmpty) {
  auto catalog = ParseCatalogJson("{}");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  EXPECT_TRUE(catalog->workspaces.empty());
  EXPECT_EQ(catalog->projects.projects_size(), 0);
  EXPECT_EQ(catalog->labelers.labelers_size(), 0);
}

TEST(ParseCatalogJsonTest, RefusesBadInputNamingEntryAndField) {
  EXPECT_EQ(ParseCatalogJson("not json").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseCatalogJson(R"({"projects": {}})").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto project = ParseCatalogJson(
      R"({"projects": [{"id": "p1", "workspaceId": "acme"}, {"id": "p2"}]})");
  EXPECT_EQ(project.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(project), HasSubstr("projects[1]"));
  EXPECT_THAT(MessageOf(project), HasSubstr("workspaceId"));
  auto labeler =
      ParseCatalogJson(R"({"labelers": [{"id": "x", "system": "yes"}]})");
  EXPECT_EQ(labeler.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(labeler), HasSubstr("system"));
}

// --- The operator token ---

TEST_F(IngestValidationTest, OperatorTokenGuardsWrites) {
  Ingest guarded(*store_, "operator-token-0123456789");
  EXPECT_EQ(guarded.Authorize("").code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(guarded.Authorize("operator-token-012345678").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(guarded.Authorize("wrong").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(guarded.Authorize("operator-token-0123456789").ok());
}

TEST_F(IngestValidationTest, NoTokenConfiguredLeavesWritesOpen) {
  Ingest open(*store_, "");
  EXPECT_TRUE(open.Authorize("").ok());
  EXPECT_TRUE(open.Authorize("anything").ok());
}

}  // namespace
}  // namespace insights
