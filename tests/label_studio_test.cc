#include "client/label_studio.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <string>

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

json Review(int id, const json& created_by, const json& accepted,
            const std::string& created_at = "2022-11-02T20:38:25.027900Z") {
  return {{"id", id},
          {"created_by", created_by},
          {"accepted", accepted},
          {"created_at", created_at}};
}

// One task holding one annotation.
json Export(const json& annotation) {
  return json::array({Task(10, json::array({annotation}))});
}

ConvertedExport Convert(const json& tasks) {
  absl::StatusOr<ConvertedExport> converted =
      ConvertLabelStudioExport(tasks, kWorkspace);
  EXPECT_TRUE(converted.ok()) << converted.status();
  return converted.ok() ? *std::move(converted) : ConvertedExport();
}

// The message of the InvalidArgument error the conversion must fail with.
std::string ConvertError(const json& tasks) {
  absl::StatusOr<ConvertedExport> converted =
      ConvertLabelStudioExport(tasks, kWorkspace);
  EXPECT_EQ(converted.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(converted.status().message());
}

// The only event of an export, which must have exactly one.
v1::Event OnlyEvent(const json& tasks) {
  ConvertedExport converted = Convert(tasks);
  EXPECT_EQ(converted.events.size(), 1u);
  return converted.events.empty() ? v1::Event() : converted.events[0];
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
  EXPECT_EQ(TimeUtil::ToString(event.time()), "2022-10-31T10:19:36.383018Z");
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

TEST(LabelStudioExport, ObjectCompletedByGivesFullNameAndEmail) {
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
  ConvertedExport converted = Convert(json::array(
      {Task(1, json::array({Annotation(1, User(1, "", "Ada"), json::array())})),
       Task(2, json::array({Annotation(2, User(2, "", "", "Hopper"),
                                       json::array())}))}));
  ASSERT_EQ(converted.labelers.size(), 2u);
  EXPECT_EQ(converted.labelers[0].display_name(), "Ada");
  EXPECT_EQ(converted.labelers[1].display_name(), "Hopper");
}

TEST(LabelStudioExport, DisplayNameFallsBackToEmailLocalPart) {
  ConvertedExport converted = Convert(
      Export(Annotation(7, User(1, "annotator1@example.com"), json::array())));
  ASSERT_EQ(converted.labelers.size(), 1u);
  EXPECT_EQ(converted.labelers[0].display_name(), "annotator1");
  EXPECT_EQ(converted.labelers[0].email(), "annotator1@example.com");
}

TEST(LabelStudioExport, DisplayNameFallsBackToIdWithoutNameOrEmail) {
  ConvertedExport converted = Convert(Export(
      Annotation(7, json{{"id", 9}, {"email", nullptr}}, json::array())));
  ASSERT_EQ(converted.labelers.size(), 1u);
  EXPECT_EQ(converted.labelers[0].display_name(), "9");
  EXPECT_EQ(converted.labelers[0].email(), "");
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
  annotation["parent_prediction"] = 2;
  EXPECT_TRUE(OnlyEvent(Export(annotation)).annotation().model_assisted());
}

TEST(LabelStudioExport, ParentPredictionWithoutRegionIsNotModelAssisted) {
  json annotation =
      Annotation(7, User(1), json::array({Region("c", "choices")}));
  annotation["parent_prediction"] = 2;
  EXPECT_FALSE(OnlyEvent(Export(annotation)).annotation().model_assisted());
  annotation["result"] = json::array();
  EXPECT_FALSE(OnlyEvent(Export(annotation)).annotation().model_assisted());
}

TEST(LabelStudioExport, PredictionOriginMakesModelAssisted) {
  for (const char* origin : {"prediction", "prediction-changed"}) {
    v1::Event event = OnlyEvent(Export(Annotation(
        7, User(1),
        json::array({Region("m"), Region("p", "polygonlabels", origin)}))));
    EXPECT_TRUE(event.annotation().model_assisted()) << origin;
  }
}

TEST(LabelStudioExport, ManualRegionsWithoutPredictionAreNotModelAssisted) {
  json task = Task(
      10, json::array({Annotation(7, User(1), json::array({Region("m")}))}));
  task["predictions"] =
      json::array({{{"id", 1}, {"result", json::array({Region("other")})}}});
  EXPECT_FALSE(OnlyEvent(json::array({task})).annotation().model_assisted());
}

TEST(LabelStudioExport, RegionIdReusedFromPredictionIsModelAssisted) {
  json task = Task(
      10, json::array({Annotation(7, User(1), json::array({Region("oid3")}))}));
  task["predictions"] =
      json::array({{{"id", 1}, {"result", json::array({Region("oid3")})}}});
  EXPECT_TRUE(OnlyEvent(json::array({task})).annotation().model_assisted());
}

TEST(LabelStudioExport, PredictedNonRegionResultIsNotModelAssisted) {
  json task = Task(
      10,
      json::array({Annotation(
          7, User(1),
          json::array({Region("m"), Region("c", "choices", "prediction")}))}));
  task["predictions"] = json::array(
      {{{"id", 1}, {"result", json::array({Region("c", "choices")})}}});
  EXPECT_FALSE(OnlyEvent(json::array({task})).annotation().model_assisted());
}

TEST(LabelStudioExport, AcceptedReviewIsApprovalOfTheAnnotatorsWork) {
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
  json not_accepted = Review(30, 2, nullptr);
  not_accepted.erase("accepted");
  json annotation = Annotation(7, User(1), json::array({Region("a")}));
  annotation["reviews"] = json::array(
      {Review(28, 2, false), Review(29, User(3), nullptr), not_accepted});
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
    ConvertedExport converted = Convert(Export(
        Annotation(7, User(1), json::array({Region("a", result_type)}))));
    ASSERT_EQ(converted.projects.size(), 1u);
    EXPECT_EQ(converted.projects[0].type(), project_type) << result_type;
  }
}

TEST(LabelStudioExport, ProjectTypeComesFromMostCommonResultType) {
  ConvertedExport converted = Convert(json::array(
      {Task(1, json::array(
                   {Annotation(1, User(1),
                               json::array({Region("a", "rectanglelabels"),
                                            Region("b", "polygonlabels")}))})),
       Task(2, json::array({Annotation(
                   2, User(1),
                   json::array({Region("c", "polygonlabels"),
                                Region("d", "textarea")}))}))}));
  ASSERT_EQ(converted.projects.size(), 1u);
  EXPECT_EQ(converted.projects[0].type(), "instance-segmentation");
}

TEST(LabelStudioExport, ProjectTypeTieGoesToMappedTypeInSpecOrder) {
  ConvertedExport converted = Convert(Export(
      Annotation(7, User(1),
                 json::array({Region("t", "textarea"), Region("c", "choices"),
                              Region("r", "rectanglelabels")}))));
  ASSERT_EQ(converted.projects.size(), 1u);
  EXPECT_EQ(converted.projects[0].type(), "object-detection");
}

TEST(LabelStudioExport, UnknownMostCommonTypeLeavesProjectTypeEmpty) {
  ConvertedExport converted = Convert(Export(Annotation(
      7, User(1),
      json::array({Region("t1", "textarea"), Region("t2", "textarea"),
                   Region("r", "rectanglelabels")}))));
  EXPECT_EQ(converted.projects[0].type(), "");
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
            "2022-10-31T10:19:36.383018Z");
}

TEST(LabelStudioExport, TimeWithOffsetIsConvertedToUtc) {
  json annotation = Annotation(7, User(1), json::array());
  annotation["created_at"] = "2022-10-31T12:19:36+02:00";
  EXPECT_EQ(TimeUtil::ToString(OnlyEvent(Export(annotation)).time()),
            "2022-10-31T10:19:36Z");
}

TEST(LabelStudioExport, DocumentThatIsNotAListIsRejected) {
  EXPECT_EQ(ConvertError(json{{"id", 1}}),
            "a Label Studio export must be a JSON list of tasks, got object");
}

TEST(LabelStudioExport, ElementThatIsNotAnObjectIsNamedByIndex) {
  EXPECT_EQ(ConvertError(json::array({Task(1, json::array()), 42})),
            "task at index 1 is not an object: 42");
}

TEST(LabelStudioExport, TaskWithoutIdIsNamedByIndex) {
  json task = Task(1, json::array());
  task.erase("id");
  EXPECT_EQ(ConvertError(json::array({task})), "task at index 0 has no id");
}

TEST(LabelStudioExport, TaskWithoutProjectIsRejected) {
  json task = Task(17, json::array());
  task["project"] = nullptr;
  EXPECT_EQ(ConvertError(json::array({task})), "task 17 has no project");
}

TEST(LabelStudioExport, FractionalIdIsRejected) {
  json task = Task(17, json::array());
  task["project"] = 1.5;
  EXPECT_EQ(ConvertError(json::array({task})),
            "task 17: project must be an integer or a non-empty string, got "
            "1.5");
}

TEST(LabelStudioExport, AnnotationWithoutCreatedAtNamesTaskAndAnnotation) {
  json annotation = Annotation(4, User(1), json::array());
  annotation.erase("created_at");
  json tasks = json::array({Task(17, json::array({annotation}))});
  EXPECT_EQ(ConvertError(tasks), "task 17: annotation 4 has no created_at");
}

TEST(LabelStudioExport, UnreadableCreatedAtIsRejected) {
  json annotation = Annotation(4, User(1), json::array());
  annotation["created_at"] = "31/10/2022";
  json tasks = json::array({Task(17, json::array({annotation}))});
  EXPECT_EQ(ConvertError(tasks),
            "task 17: annotation 4: created_at is not an RFC 3339 time: "
            "\"31/10/2022\"");
}

TEST(LabelStudioExport, AnnotationWithoutCompletedByIsRejected) {
  json annotation = Annotation(4, User(1), json::array());
  annotation.erase("completed_by");
  json tasks = json::array({Task(17, json::array({annotation}))});
  EXPECT_EQ(ConvertError(tasks), "task 17: annotation 4 has no completed_by");
}

TEST(LabelStudioExport, CompletedByObjectWithoutIdIsRejected) {
  json tasks = json::array({Task(
      17,
      json::array({Annotation(4, json{{"email", "a@b.c"}}, json::array())}))});
  EXPECT_EQ(ConvertError(tasks),
            "task 17: annotation 4: completed_by has no id");
}

TEST(LabelStudioExport, AnnotationWithoutIdIsNamedByIndex) {
  json annotation = Annotation(4, User(1), json::array());
  annotation.erase("id");
  json tasks = json::array({Task(17, json::array({annotation}))});
  EXPECT_EQ(ConvertError(tasks), "task 17: annotation at index 0 has no id");
}

TEST(LabelStudioExport, ResultThatIsNotAListIsRejected) {
  json annotation = Annotation(4, User(1), json::array());
  annotation["result"] = "none";
  json tasks = json::array({Task(17, json::array({annotation}))});
  EXPECT_EQ(ConvertError(tasks),
            "task 17: annotation 4: result must be a list, got \"none\"");
}

TEST(LabelStudioExport, ReviewWithoutCreatedByNamesTaskAndReview) {
  json review = Review(28, 2, true);
  review.erase("created_by");
  json annotation = Annotation(4, User(1), json::array());
  annotation["reviews"] = json::array({review});
  json tasks = json::array({Task(17, json::array({annotation}))});
  EXPECT_EQ(ConvertError(tasks), "task 17: review 28 has no created_by");
}

TEST(LabelStudioExport, ErrorInLaterTaskFailsWholeExport) {
  json bad = Annotation(4, User(1), json::array());
  bad.erase("created_at");
  absl::StatusOr<ConvertedExport> converted = ConvertLabelStudioExport(
      json::array(
          {Task(1, json::array({Annotation(3, User(1), json::array())})),
           Task(2, json::array({bad}))}),
      kWorkspace);
  EXPECT_FALSE(converted.ok());
  EXPECT_EQ(converted.status().message(),
            "task 2: annotation 4 has no created_at");
}

}  // namespace
}  // namespace insights
