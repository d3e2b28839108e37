#include "client/label_studio.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace insights {
namespace {

using google::protobuf::util::TimeUtil;
using nlohmann::json;

constexpr char kWorkspace[] = "studio";
constexpr char kCreatedAt[] = "2022-10-31T10:19:36.383018Z";

json User(int id, const std::string& email = "",
          const std::string& first_name = "",
          const std::string& last_name = "") {
  return {{"id", id},
          {"email", email},
          {"first_name", first_name},
          {"last_name", last_name}};
}

json Region(const std::string& id, const std::string& type = "rectanglelabels",
            const std::string& origin = "manual") {
  return {{"id", id},
          {"type", type},
          {"origin", origin},
          {"value", {{"x", 1.5}, {"y", 2.5}, {type, json::array({"Car"})}}}};
}

json Annotation(int id, const json& completed_by, const json& result) {
  return {{"id", id},
          {"completed_by", completed_by},
          {"result", result},
          {"reviews", json::array()},
          {"was_cancelled", false},
          {"created_at", kCreatedAt},
          {"parent_prediction", nullptr}};
}

json Task(int id, const json& annotations, int project = 3) {
  return {{"id", id},
          {"project", project},
          {"annotations", annotations},
          {"predictions", json::array()},
          {"drafts", json::array()}};
}

json Review(int id, const json& created_by, const json& accepted) {
  return {{"id", id},
          {"created_by", created_by},
          {"accepted", accepted},
          {"created_at", "2022-11-02T20:38:25.027900Z"}};
}

json With(json object, const char* key, const json& value) {
  object[key] = value;
  return object;
}

json Without(json object, const char* key) {
  object.erase(key);
  return object;
}

// An export of one task, 10, holding `annotation`.
json Export(const json& annotation) {
  return json::array({Task(10, json::array({annotation}))});
}

ConvertedExport Convert(const json& tasks) {
  absl::StatusOr<ConvertedExport> converted =
      ConvertLabelStudioExport(tasks, kWorkspace);
  EXPECT_TRUE(converted.ok()) << converted.status();
  return converted.ok() ? *std::move(converted) : ConvertedExport();
}

// The only event of an export, which must have exactly one.
v1::Event OnlyEvent(const json& tasks) {
  ConvertedExport converted = Convert(tasks);
  EXPECT_EQ(converted.events.size(), 1u);
  return converted.events.empty() ? v1::Event() : converted.events[0];
}

bool ModelAssisted(const json& tasks) {
  return OnlyEvent(tasks).annotation().model_assisted();
}

// Task 10 holding one annotation of `results` and a prediction of
// `predicted`.
json WithPrediction(const json& results, const json& predicted) {
  json task = Task(10, json::array({Annotation(7, User(1), results)}));
  task["predictions"] = json::array({{{"id", 1}, {"result", predicted}}});
  return json::array({task});
}

std::string DisplayNameOf(const json& completed_by) {
  ConvertedExport converted =
      Convert(Export(Annotation(7, completed_by, json::array())));
  EXPECT_EQ(converted.labelers.size(), 1u);
  return converted.labelers.empty() ? "" : converted.labelers[0].display_name();
}

std::string ProjectTypeOf(const json& results) {
  ConvertedExport converted = Convert(Export(Annotation(7, User(1), results)));
  EXPECT_EQ(converted.projects.size(), 1u);
  return converted.projects.empty() ? "" : converted.projects[0].type();
}

TEST(LabelStudioExport, EmptyListConvertsToNothing) {
  ConvertedExport converted = Convert(json::array());
  EXPECT_TRUE(converted.projects.empty());
  EXPECT_TRUE(converted.labelers.empty());
  EXPECT_TRUE(converted.events.empty());
}

TEST(LabelStudioExport, AnnotationBecomesAnnotateEvent) {
  v1::Event event = OnlyEvent(Export(Annotation(
      7, User(1), json::array({Region("a1"), Region("a2", "polygonlabels")}))));
  EXPECT_EQ(event.event_id(), "ls-annotation-7");
  EXPECT_EQ(TimeUtil::ToString(event.time()), kCreatedAt);
  EXPECT_EQ(event.workspace_id(), kWorkspace);
  EXPECT_EQ(event.project_id(), "3");
  EXPECT_EQ(event.labeler_id(), "1");
  EXPECT_EQ(event.image_id(), "10");
  ASSERT_TRUE(event.has_annotation());
  EXPECT_EQ(event.annotation().boxes_added(), 2);
  EXPECT_EQ(event.annotation().boxes_removed(), 0);
  EXPECT_EQ(event.annotation().boxes_updated(), 0);
  EXPECT_FALSE(event.annotation().marked_null());
  EXPECT_FALSE(event.annotation().model_assisted());
}

TEST(LabelStudioExport, ObjectCompletedByGivesLabelerWithNameAndEmail) {
  ConvertedExport converted = Convert(Export(Annotation(
      7, User(4, "ada@example.com", "Ada", "Lovelace"), json::array())));
  ASSERT_EQ(converted.labelers.size(), 1u);
  EXPECT_EQ(converted.labelers[0].id(), "4");
  EXPECT_EQ(converted.labelers[0].display_name(), "Ada Lovelace");
  EXPECT_EQ(converted.labelers[0].email(), "ada@example.com");
  EXPECT_FALSE(converted.labelers[0].system());
  EXPECT_EQ(converted.events[0].labeler_id(), "4");
}

TEST(LabelStudioExport, BareCompletedByIdIsItsOwnDisplayName) {
  ConvertedExport converted =
      Convert(Export(Annotation(7, 12, json::array({Region("a")}))));
  ASSERT_EQ(converted.labelers.size(), 1u);
  EXPECT_EQ(converted.labelers[0].id(), "12");
  EXPECT_EQ(converted.labelers[0].display_name(), "12");
  EXPECT_EQ(converted.labelers[0].email(), "");
  EXPECT_EQ(converted.events[0].labeler_id(), "12");
}

TEST(LabelStudioExport, DisplayNameUsesWhicheverNameIsGiven) {
  EXPECT_EQ(DisplayNameOf(User(1, "a@x.org", "Ada")), "Ada");
  EXPECT_EQ(DisplayNameOf(User(1, "a@x.org", "", "Hopper")), "Hopper");
}

TEST(LabelStudioExport, DisplayNameFallsBackToEmailLocalPart) {
  EXPECT_EQ(DisplayNameOf(User(1, "annotator1@example.com")), "annotator1");
}

TEST(LabelStudioExport, DisplayNameFallsBackToIdWithoutNameOrEmail) {
  EXPECT_EQ(DisplayNameOf(json{{"id", 9}, {"email", nullptr}}), "9");
  EXPECT_EQ(DisplayNameOf(User(9, "", " ", " ")), "9");
}

TEST(LabelStudioExport, LabelerOfSeveralAnnotationsIsListedOnce) {
  ConvertedExport converted = Convert(json::array(
      {Task(1, json::array({Annotation(1, User(5, "e@x.org"), json::array()),
                            Annotation(2, User(6), json::array())})),
       Task(2, json::array({Annotation(3, 5, json::array())}))}));
  ASSERT_EQ(converted.labelers.size(), 2u);
  EXPECT_EQ(converted.labelers[0].id(), "5");
  EXPECT_EQ(converted.labelers[0].display_name(), "e");
  EXPECT_EQ(converted.labelers[1].id(), "6");
  EXPECT_EQ(converted.events.size(), 3u);
}

TEST(LabelStudioExport, UserObjectFillsInLabelerFirstSeenAsBareId) {
  ConvertedExport converted = Convert(json::array(
      {Task(1, json::array({Annotation(1, 5, json::array())})),
       Task(2, json::array({Annotation(2, User(5, "", "Grace", "Hopper"),
                                       json::array())}))}));
  ASSERT_EQ(converted.labelers.size(), 1u);
  EXPECT_EQ(converted.labelers[0].display_name(), "Grace Hopper");
}

TEST(LabelStudioExport, CancelledAnnotationMakesNoEvent) {
  json cancelled = Annotation(7, User(8), json::array({Region("a")}));
  cancelled["was_cancelled"] = true;
  cancelled["reviews"] = json::array({Review(1, User(2), true)});
  ConvertedExport converted = Convert(Export(cancelled));
  EXPECT_TRUE(converted.events.empty());
  EXPECT_TRUE(converted.labelers.empty());
  ASSERT_EQ(converted.projects.size(), 1u);
  EXPECT_EQ(converted.projects[0].type(), "");
}

TEST(LabelStudioExport, DraftsMakeNoEvent) {
  json task = Task(10, json::array());
  task["drafts"] = json::array({{{"id", 3},
                                 {"user", 1},
                                 {"result", json::array({Region("d")})},
                                 {"created_at", kCreatedAt}}});
  ConvertedExport converted = Convert(json::array({task}));
  EXPECT_TRUE(converted.events.empty());
  EXPECT_TRUE(converted.labelers.empty());
}

TEST(LabelStudioExport, EmptyResultIsMarkedNull) {
  v1::Event event = OnlyEvent(Export(Annotation(7, User(1), json::array())));
  EXPECT_TRUE(event.annotation().marked_null());
  EXPECT_EQ(event.annotation().boxes_added(), 0);
  EXPECT_FALSE(event.annotation().model_assisted());
}

TEST(LabelStudioExport, NonRegionResultsDoNotCountAsBoxes) {
  v1::Event event = OnlyEvent(Export(Annotation(
      7, User(1),
      json::array({Region("c", "choices"), Region("t", "textarea"),
                   Region("r", "rectanglelabels"), Region("s", "labels")}))));
  EXPECT_EQ(event.annotation().boxes_added(), 2);
  EXPECT_FALSE(event.annotation().marked_null());
}

TEST(LabelStudioExport, OnlyNonRegionResultsAddNoBoxAndAreNotNull) {
  v1::Event event = OnlyEvent(
      Export(Annotation(7, User(1), json::array({Region("c", "choices")}))));
  EXPECT_EQ(event.annotation().boxes_added(), 0);
  EXPECT_FALSE(event.annotation().marked_null());
}

TEST(LabelStudioExport, ParentPredictionMakesRegionModelAssisted) {
  json annotation = Annotation(7, User(1), json::array({Region("a")}));
  EXPECT_TRUE(ModelAssisted(Export(With(annotation, "parent_prediction", 2))));
}

TEST(LabelStudioExport, ParentPredictionWithoutRegionIsNotModelAssisted) {
  json annotation =
      With(Annotation(7, User(1), json::array()), "parent_prediction", 2);
  EXPECT_FALSE(ModelAssisted(Export(annotation)));
  annotation["result"] = json::array({Region("c", "choices")});
  EXPECT_FALSE(ModelAssisted(Export(annotation)));
}

TEST(LabelStudioExport, PredictionOriginMakesModelAssisted) {
  for (const char* origin : {"prediction", "prediction-changed"}) {
    EXPECT_TRUE(ModelAssisted(Export(Annotation(
        7, User(1),
        json::array({Region("m"), Region("p", "polygonlabels", origin)})))))
        << origin;
  }
}

TEST(LabelStudioExport, RegionIdReusedFromPredictionIsModelAssisted) {
  EXPECT_TRUE(ModelAssisted(WithPrediction(json::array({Region("oid3")}),
                                           json::array({Region("oid3")}))));
}

TEST(LabelStudioExport, ManualRegionsWithoutPredictionAreNotModelAssisted) {
  EXPECT_FALSE(ModelAssisted(WithPrediction(json::array({Region("mine")}),
                                            json::array({Region("other")}))));
}

TEST(LabelStudioExport, PredictedNonRegionResultIsNotModelAssisted) {
  EXPECT_FALSE(ModelAssisted(WithPrediction(
      json::array({Region("m"), Region("c", "choices", "prediction")}),
      json::array({Region("c", "choices")}))));
}

TEST(LabelStudioExport, AcceptedReviewApprovesTheAnnotatorsWork) {
  json annotation = Annotation(7, User(1), json::array({Region("a")}));
  annotation["reviews"] = json::array({Review(28, User(2), true)});
  ConvertedExport converted = Convert(Export(annotation));
  ASSERT_EQ(converted.events.size(), 2u);
  const v1::Event& review = converted.events[1];
  EXPECT_EQ(review.event_id(), "ls-review-28");
  EXPECT_EQ(TimeUtil::ToString(review.time()), "2022-11-02T20:38:25.027900Z");
  EXPECT_EQ(review.workspace_id(), kWorkspace);
  EXPECT_EQ(review.project_id(), "3");
  EXPECT_EQ(review.labeler_id(), "1");
  EXPECT_EQ(review.image_id(), "10");
  ASSERT_TRUE(review.has_review());
  EXPECT_EQ(review.review().reviewer_id(), "2");
  EXPECT_EQ(review.review().result(), v1::REVIEW_RESULT_APPROVED);
}

TEST(LabelStudioExport, ReviewNotAcceptedIsRejection) {
  json annotation = Annotation(7, User(1), json::array({Region("a")}));
  annotation["reviews"] =
      json::array({Review(28, 2, false), Review(29, User(3), nullptr),
                   Without(Review(30, 2, true), "accepted")});
  ConvertedExport converted = Convert(Export(annotation));
  ASSERT_EQ(converted.events.size(), 4u);
  for (int i = 1; i < 4; ++i) {
    EXPECT_EQ(converted.events[i].review().result(), v1::REVIEW_RESULT_REJECTED)
        << converted.events[i].event_id();
  }
  EXPECT_EQ(converted.events[1].review().reviewer_id(), "2");
  EXPECT_EQ(converted.events[2].review().reviewer_id(), "3");
}

TEST(LabelStudioExport, ReviewersAreNotListedAsLabelers) {
  json annotation = Annotation(7, User(1), json::array({Region("a")}));
  annotation["reviews"] = json::array({Review(28, User(2, "r@x.org"), true)});
  ConvertedExport converted = Convert(Export(annotation));
  ASSERT_EQ(converted.labelers.size(), 1u);
  EXPECT_EQ(converted.labelers[0].id(), "1");
}

TEST(LabelStudioExport, EventsFollowExportOrder) {
  json first = Annotation(7, User(1), json::array());
  first["reviews"] = json::array({Review(28, 2, true)});
  ConvertedExport converted = Convert(json::array(
      {Task(10, json::array({first, Annotation(8, User(1), json::array())})),
       Task(11, json::array({Annotation(9, User(1), json::array())}))}));
  ASSERT_EQ(converted.events.size(), 4u);
  EXPECT_EQ(converted.events[0].event_id(), "ls-annotation-7");
  EXPECT_EQ(converted.events[1].event_id(), "ls-review-28");
  EXPECT_EQ(converted.events[2].event_id(), "ls-annotation-8");
  EXPECT_EQ(converted.events[3].event_id(), "ls-annotation-9");
  EXPECT_EQ(converted.events[3].image_id(), "11");
}

TEST(LabelStudioExport, ProjectTypeFollowsEachResultType) {
  const std::pair<const char*, const char*> kCases[] = {
      {"rectanglelabels", "object-detection"},
      {"polygonlabels", "instance-segmentation"},
      {"brushlabels", "semantic-segmentation"},
      {"keypointlabels", "keypoint-detection"},
      {"choices", "classification"},
      {"textarea", ""},
      {"labels", ""},
  };
  for (const auto& [result_type, project_type] : kCases) {
    EXPECT_EQ(ProjectTypeOf(json::array({Region("a", result_type)})),
              project_type)
        << result_type;
  }
}

TEST(LabelStudioExport, ProjectTypeComesFromMostCommonResultType) {
  ConvertedExport converted = Convert(json::array(
      {Task(1, json::array({Annotation(
                   1, User(1),
                   json::array({Region("a"), Region("b", "choices")}))})),
       Task(2, json::array({Annotation(
                   2, User(1), json::array({Region("c", "choices")}))}))}));
  ASSERT_EQ(converted.projects.size(), 1u);
  EXPECT_EQ(converted.projects[0].type(), "classification");
}

TEST(LabelStudioExport, ProjectTypeTieGoesToMappedTypeInSpecOrder) {
  EXPECT_EQ(ProjectTypeOf(
                json::array({Region("t", "textarea"), Region("c", "choices"),
                             Region("r", "rectanglelabels")})),
            "object-detection");
}

TEST(LabelStudioExport, UnknownMostCommonTypeLeavesProjectTypeEmpty) {
  EXPECT_EQ(ProjectTypeOf(
                json::array({Region("t1", "textarea"), Region("t2", "textarea"),
                             Region("r", "rectanglelabels")})),
            "");
}

TEST(LabelStudioExport, EachTaskProjectIsListedOnceWithName) {
  ConvertedExport converted =
      Convert(json::array({Task(1, json::array(), 5), Task(2, json::array(), 4),
                           Task(3, json::array(), 5)}));
  ASSERT_EQ(converted.projects.size(), 2u);
  EXPECT_EQ(converted.projects[0].id(), "5");
  EXPECT_EQ(converted.projects[0].name(), "Label Studio project 5");
  EXPECT_EQ(converted.projects[0].workspace_id(), kWorkspace);
  EXPECT_EQ(converted.projects[0].type(), "");
  EXPECT_EQ(converted.projects[1].id(), "4");
}

TEST(LabelStudioExport, TimeWithoutOffsetIsReadAsUtc) {
  json annotation = Annotation(7, User(1), json::array());
  annotation["created_at"] = "2022-10-31T10:19:36.383018";
  EXPECT_EQ(TimeUtil::ToString(OnlyEvent(Export(annotation)).time()),
            kCreatedAt);
}

TEST(LabelStudioExport, TimeWithOffsetIsConvertedToUtc) {
  json annotation = Annotation(7, User(1), json::array());
  annotation["created_at"] = "2022-10-31T12:19:36+02:00";
  EXPECT_EQ(TimeUtil::ToString(OnlyEvent(Export(annotation)).time()),
            "2022-10-31T10:19:36Z");
}

struct BadInput {
  std::string name;
  json tasks;
  std::string message;
};

void PrintTo(const BadInput& input, std::ostream* out) { *out << input.name; }

std::vector<BadInput> BadInputs() {
  const json task = Task(17, json::array());
  const json annotation = Annotation(4, User(1), json::array());
  auto in_task_17 = [](const json& one) {
    return json::array({Task(17, json::array({one}))});
  };
  const std::string no_id = " must be an integer or a non-empty string, got ";
  return {
      {"DocumentNotAList", json{{"id", 1}},
       "a Label Studio export must be a JSON list of tasks, got object"},
      {"ElementNotAnObject", json::array({task, 42}),
       "task at index 1 is not an object: 42"},
      {"TaskWithoutId", json::array({Without(task, "id")}),
       "task at index 0 has no id"},
      {"TaskWithNullProject", json::array({With(task, "project", nullptr)}),
       "task 17 has no project"},
      {"FractionalProjectId", json::array({With(task, "project", 1.5)}),
       "task 17: project" + no_id + "1.5"},
      {"AnnotationsNotAList", json::array({With(task, "annotations", 3)}),
       "task 17: annotations must be a list, got 3"},
      {"AnnotationWithoutId", in_task_17(Without(annotation, "id")),
       "task 17: annotation at index 0 has no id"},
      {"AnnotationWithoutCreatedAt",
       in_task_17(Without(annotation, "created_at")),
       "task 17: annotation 4 has no created_at"},
      {"UnreadableCreatedAt",
       in_task_17(With(annotation, "created_at", "31/10/2022")),
       "task 17: annotation 4: created_at is not an RFC 3339 time: "
       "\"31/10/2022\""},
      {"AnnotationWithoutCompletedBy",
       in_task_17(Without(annotation, "completed_by")),
       "task 17: annotation 4 has no completed_by"},
      {"CompletedByWithoutId",
       in_task_17(With(annotation, "completed_by", json{{"email", "a@b.c"}})),
       "task 17: annotation 4: completed_by has no id"},
      {"CompletedByNotAnId", in_task_17(With(annotation, "completed_by", true)),
       "task 17: annotation 4: completed_by" + no_id + "true"},
      {"ResultNotAList", in_task_17(With(annotation, "result", "none")),
       "task 17: annotation 4: result must be a list, got \"none\""},
      {"ReviewWithoutCreatedBy",
       in_task_17(
           With(annotation, "reviews",
                json::array({Without(Review(28, 2, true), "created_by")}))),
       "task 17: review 28 has no created_by"},
      {"ErrorInLaterTask",
       json::array({Task(1, json::array({annotation})),
                    Task(2, json::array({Without(annotation, "created_at")}))}),
       "task 2: annotation 4 has no created_at"},
  };
}

class BadLabelStudioExport : public testing::TestWithParam<BadInput> {};

TEST_P(BadLabelStudioExport, IsRejectedNamingTheTaskAndReason) {
  absl::StatusOr<ConvertedExport> converted =
      ConvertLabelStudioExport(GetParam().tasks, kWorkspace);
  EXPECT_EQ(converted.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(converted.status().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(Inputs, BadLabelStudioExport,
                         testing::ValuesIn(BadInputs()),
                         [](const testing::TestParamInfo<BadInput>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace insights
