// End-to-end tests: the real insights-server and insights-client programs,
// driven over 127.0.0.1 with the hand-written fixture in tests/fixtures/e2e.
//
// The fixture, in short (all times UTC unless said; see events.jsonl):
//   ws-alpha / p-cars (Cars, object-detection)
//     alice  e01 03-01 10:00 img-1 +3;  e02 03-01 11:00 img-1 +1 -1 ~2
//            e03 03-01T23:30-02:00 = 03-02 01:30 UTC img-1 ~1
//            e04 03-02T00:30+05:30 = 03-01 19:00 UTC img-2 +2 model-assisted
//            e11 2023-08-01T01:00+02:00 = 07-31 23:00 UTC: before history
//     bob    e05 03-01 img-3 marked null; e06 03-01 img-4 changes nothing
//            e09 03-04 img-3 -2
//     autolabelservice (system) e07 03-03 img-5 +5 model-assisted;
//            e08 03-03 img-6 -3
//     reviews of alice: img-1 rejected (e12), then approved (e13), img-2
//            approved (e14), all 03-02; e16 2023-07-20 rejected: too old
//   ws-alpha / p-dogs: dave e10 changes nothing; erin (not in the catalog)
//            only has a review, e15 03-05 approved
//   ws-beta / p-birds: carol b01 img-1 +4, b02 img-2 +1 model-assisted,
//            b03 img-1 rejected, all 03-01
//   Line 9 repeats e01 exactly: 20 lines, 19 events, 1 duplicate.

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/impl/client_unary_call.h>
#include <grpcpp/impl/rpc_method.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/sync_stream.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "google/api/annotations.pb.h"
#include "grpc/health/v1/health.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "tests/e2e/server_process.h"

namespace insights::e2e {
namespace {

using google::protobuf::FileDescriptorProto;
using nlohmann::json;
using ReflectionRequest = grpc::reflection::v1::ServerReflectionRequest;
using ReflectionResponse = grpc::reflection::v1::ServerReflectionResponse;

constexpr char kServerPath[] = INSIGHTS_SERVER_PATH;
constexpr char kClientPath[] = INSIGHTS_CLIENT_PATH;
constexpr char kFixturesDir[] = E2E_FIXTURES_DIR;
constexpr char kAdminToken[] = "e2e-admin-token";
constexpr char kAlphaKey[] = "alpha-key-1";
constexpr std::chrono::milliseconds kClientBound{30000};

std::string Fixture(const char* name) {
  return (std::filesystem::path(kFixturesDir) / name).string();
}

class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.emplace(kServerPath, ServerOptions{kAdminToken, {}});
    ASSERT_NE(server_->port(), 0);
  }

  ProgramResult Client(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {kClientPath, "--addr", server_->address(),
                                     "--timeout", "10",     "--admin-token",
                                     kAdminToken};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProgram(argv, server_->folder(), kClientBound);
  }

  ProgramResult Import(const std::string& events, const std::string& batch) {
    return Client({"import", "--catalog", Fixture("catalog.json"), "--events",
                   events, "--batch", batch});
  }

  // `stats WORKSPACE --json ARGS...` that must succeed; its parsed answer.
  json Stats(const std::string& workspace, std::vector<std::string> args) {
    args.insert(args.begin(), {"stats", workspace, "--json"});
    const ProgramResult result = Client(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out, nullptr, /*allow_exceptions=*/false);
  }

  // `stats ... --json` that must fail: the {"code", "message"} on stderr.
  json StatsError(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"stats", "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProgramResult result = Client(argv);
    EXPECT_EQ(result.exit_code, 1) << result.out;
    return json::parse(result.err, nullptr, /*allow_exceptions=*/false);
  }

  std::optional<ServerProcess> server_;
};

// The same server after importing the whole fixture.
class ImportedE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    if (HasFatalFailure()) return;
    const ProgramResult result = Import(Fixture("events.jsonl"), "100");
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
};

// approvalRate: the number, or null when nothing was reviewed.
void ExpectRate(const json& object, std::optional<double> rate) {
  ASSERT_TRUE(object.contains("approvalRate")) << object;
  if (rate) {
    EXPECT_EQ(object["approvalRate"], *rate);
  } else {
    EXPECT_TRUE(object["approvalRate"].is_null()) << object["approvalRate"];
  }
}

// One data[] row as expected; net fields follow from the others. The
// Expect* helpers take JSON by value: [] then yields null for a missing
// field instead of undefined behaviour.
struct Row {
  std::string project, labeler;
  int images, added, removed, updated, marked_null, assisted;
  int approved, rejected;
  std::optional<double> rate;
};

void ExpectRow(json row, const Row& want) {
  SCOPED_TRACE(want.project + "/" + want.labeler);
  EXPECT_EQ(row["projectId"], want.project);
  EXPECT_EQ(row["labelerId"], want.labeler);
  EXPECT_EQ(row["imagesLabeled"], want.images);
  EXPECT_EQ(row["boxesAdded"], want.added);
  EXPECT_EQ(row["boxesRemoved"], want.removed);
  EXPECT_EQ(row["boxesUpdated"], want.updated);
  EXPECT_EQ(row["boxesDrawn"], want.added - want.removed);
  EXPECT_EQ(row["netBoxesAdded"], want.added - want.removed);
  EXPECT_EQ(row["netBoxesUpdated"], want.updated);
  EXPECT_EQ(row["markedNull"], want.marked_null);
  EXPECT_EQ(row["modelAssisted"], want.assisted);
  EXPECT_EQ(row["approved"], want.approved);
  EXPECT_EQ(row["rejected"], want.rejected);
  ExpectRate(row, want.rate);
}

// stats{}: distinct images, box sums, first-pass rate.
void ExpectTotals(json stats, int images, int null_images, int assisted_images,
                  int added, int removed, int updated,
                  std::optional<double> rate) {
  EXPECT_EQ(stats["numImagesLabeled"], images);
  EXPECT_EQ(stats["numImagesMarkedNull"], null_images);
  EXPECT_EQ(stats["totalImagesUsingModelAssist"], assisted_images);
  EXPECT_EQ(stats["numBoxesAdded"], added);
  EXPECT_EQ(stats["numBoxesRemoved"], removed);
  EXPECT_EQ(stats["numBoxesUpdated"], updated);
  EXPECT_EQ(stats["numBoxesDrawn"], added - removed);
  EXPECT_EQ(stats["netBoxesAdded"], added - removed);
  EXPECT_EQ(stats["netBoxesUpdated"], updated);
  ExpectRate(stats, rate);
}

TEST_F(E2eTest, ImportCountsDuplicatesOnceAndReportsThem) {
  // Batches of 4: e01 in lines 1-4, its repeat (line 9) in lines 9-12.
  ProgramResult first = Import(Fixture("events.jsonl"), "4");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("catalog: 2 workspaces, 3 projects, 5 labelers"),
            std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("events: 19 stored, 1 duplicates"),
            std::string::npos)
      << first.out;
  // alice's boxesAdded stays 3 + 1 + 2 = 6: e01 is counted once.
  EXPECT_EQ(
      Stats("ws-alpha", {"--api-key", kAlphaKey})["data"][0]["boxesAdded"], 6);

  // Delivered again in one batch: everything is already stored.
  ProgramResult again = Import(Fixture("events.jsonl"), "100");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("events: 0 stored, 20 duplicates"),
            std::string::npos)
      << again.out;
}

TEST_F(ImportedE2eTest, DataRowsMatchHandComputedSessions) {
  json answer = Stats("ws-alpha", {"--api-key", kAlphaKey});
  ASSERT_EQ(answer["data"].size(), 4u) << answer.dump(2);
  // alice: sessions 03-01 {img-1 (e01, e02), img-2 (e04 is 19:00 UTC)} and
  // 03-02 {img-1 (e03 is 01:30 UTC)}: 2 + 1 = 3 images; added 3+1+2,
  // removed 1, updated 2+1; one assisted image (img-2 on 03-01).
  // Reviews: img-1 rejected then approved, img-2 approved: 2 approved,
  // 1 rejected; first pass 1 of 2 images = 50. e11 and e16 are too old.
  ExpectRow(answer["data"][0],
            {"p-cars", "alice", 3, 6, 1, 3, 0, 1, 2, 1, 50.0});
  // autolabelservice: one session 03-03, img-5 (+5, assisted), img-6 (-3).
  ExpectRow(answer["data"][1],
            {"p-cars", "autolabelservice", 2, 5, 3, 0, 0, 1, 0, 0, {}});
  // bob: 03-01 {img-3 null; img-4 changes nothing}, 03-04 {img-3 -2}:
  // 2 images, 1 marked null, boxesDrawn -2 (negative), no review.
  ExpectRow(answer["data"][2], {"p-cars", "bob", 2, 0, 2, 0, 1, 0, 0, 0, {}});
  // erin: only a review (approved), so a row of zeros with 100%. dave's
  // event on p-dogs changes nothing: no row for him.
  ExpectRow(answer["data"][3],
            {"p-dogs", "erin", 0, 0, 0, 0, 0, 0, 1, 0, 100.0});
  EXPECT_EQ(answer["data"][0]["projectName"], "Cars");
  EXPECT_EQ(answer["data"][0]["projectType"], "object-detection");
  EXPECT_EQ(answer["data"][3]["projectName"], "Dogs");
  EXPECT_EQ(answer["data"][3]["workspaceId"], "ws-alpha");
}

TEST_F(ImportedE2eTest, TotalsCountEachImageOnceWithFirstPassRate) {
  json answer = Stats("ws-alpha", {"--api-key", kAlphaKey});
  // Distinct labeled images: img-1, img-2, img-3, img-5, img-6 = 5 (img-4
  // and img-8 unchanged, img-7 only reviewed, img-old too old). Null: img-3.
  // Assisted: img-2, img-5. Added 6+5, removed 1+3+2, updated 3.
  // First pass over (project, labeler, image): alice/img-1 no, alice/img-2
  // yes, erin/img-7 yes: 2 of 3 = 66.666... -> 66.67.
  ExpectTotals(answer["stats"], 5, 1, 2, 11, 6, 3, 66.67);
}

TEST_F(ImportedE2eTest, LabelersUsePlaceholdersForSystemAndUnknownIds) {
  json answer = Stats("ws-alpha", {"--api-key", kAlphaKey});
  const json want = json::parse(R"([
    {"id": "alice", "displayName": "Alice Smith", "email": "alice@example.com"},
    {"id": "autolabelservice", "displayName": "autolabelservice", "email": ""},
    {"id": "bob", "displayName": "Bob Jones", "email": "bob@example.com"},
    {"id": "erin", "displayName": "erin", "email": ""}])");
  EXPECT_EQ(answer["labelers"], want) << answer["labelers"].dump(2);
}

// Each named field is present in `object` and `is` of its JSON type.
void ExpectFields(const json& object, bool (json::*is)() const noexcept,
                  const std::vector<const char*>& fields) {
  for (const char* field : fields) {
    EXPECT_TRUE(object.contains(field) && (object[field].*is)())
        << field << " in " << object;
  }
}

TEST_F(ImportedE2eTest, EveryFieldIsPresentAndCountsAreJsonNumbers) {
  // bob's row has zeros and no review: every field must still be there.
  json answer = Stats("ws-alpha", {"--api-key", kAlphaKey, "--user-id", "bob"});
  ASSERT_EQ(answer["data"].size(), 1u);
  const json& row = answer["data"][0];
  ExpectFields(
      row, &json::is_string,
      {"projectId", "projectName", "projectType", "workspaceId", "labelerId"});
  ExpectFields(row, &json::is_number_integer,
               {"imagesLabeled", "boxesDrawn", "boxesAdded", "boxesRemoved",
                "boxesUpdated", "netBoxesAdded", "netBoxesUpdated",
                "markedNull", "modelAssisted", "approved", "rejected"});
  ExpectFields(row, &json::is_null, {"approvalRate"});
  ExpectFields(
      answer["stats"], &json::is_number_integer,
      {"numImagesLabeled", "numImagesMarkedNull", "totalImagesUsingModelAssist",
       "numBoxesAdded", "numBoxesRemoved", "numBoxesUpdated", "numBoxesDrawn",
       "netBoxesAdded", "netBoxesUpdated"});
  ExpectFields(answer["stats"], &json::is_null, {"approvalRate"});
  ExpectFields(answer["labelers"][0], &json::is_string,
               {"id", "displayName", "email"});
  ExpectFields(answer["meta"], &json::is_array, {"notices"});
}

TEST_F(ImportedE2eTest, DaysAreUtcCalendarDays) {
  // 03-02 UTC holds e03 (local 03-01 -02:00) but not e04 (local 03-02
  // +05:30, 03-01 UTC), and alice's three reviews.
  json answer = Stats("ws-alpha", {"--api-key", kAlphaKey, "--start-date",
                                   "2024-03-02", "--end-date", "2024-03-02"});
  ASSERT_EQ(answer["data"].size(), 1u) << answer.dump(2);
  ExpectRow(answer["data"][0],
            {"p-cars", "alice", 1, 0, 0, 1, 0, 0, 2, 1, 50.0});
  ExpectTotals(answer["stats"], 1, 0, 0, 0, 0, 1, 50.0);
}

TEST_F(ImportedE2eTest, ApprovalRateIsNullWhenNothingWasReviewed) {
  // 03-01: alice {img-1, img-2 (e04)} and bob {img-3 null}; no review.
  json answer = Stats("ws-alpha", {"--api-key", kAlphaKey, "--start-date",
                                   "2024-03-01", "--end-date", "2024-03-01"});
  ASSERT_EQ(answer["data"].size(), 2u) << answer.dump(2);
  ExpectRow(answer["data"][0], {"p-cars", "alice", 2, 6, 1, 2, 0, 1, 0, 0, {}});
  ExpectRow(answer["data"][1], {"p-cars", "bob", 1, 0, 0, 0, 1, 0, 0, 0, {}});
  ExpectTotals(answer["stats"], 3, 1, 1, 6, 1, 2, std::nullopt);
}

TEST_F(ImportedE2eTest, EarlyStartDateIsMovedToHistoryStartWithNotice) {
  // e11 is 2023-07-31 23:00 UTC: still outside; totals as for everything.
  json answer = Stats("ws-alpha", {"--api-key", kAlphaKey, "--start-date",
                                   "2023-01-01", "--end-date", "2024-12-31"});
  ExpectTotals(answer["stats"], 5, 1, 2, 11, 6, 3, 66.67);
  ASSERT_EQ(answer["meta"]["notices"].size(), 1u);
  EXPECT_NE(answer["meta"]["notices"][0].get<std::string>().find("2023-08-01"),
            std::string::npos);
}

TEST_F(ImportedE2eTest, ProjectAndUserFiltersNarrowTheAnswer) {
  json dogs =
      Stats("ws-alpha", {"--api-key", kAlphaKey, "--project-id", "p-dogs"});
  ASSERT_EQ(dogs["data"].size(), 1u) << dogs.dump(2);
  EXPECT_EQ(dogs["data"][0]["labelerId"], "erin");
  ExpectTotals(dogs["stats"], 0, 0, 0, 0, 0, 0, 100.0);

  // Either of two projects, and two users: alice and erin.
  json two = Stats("ws-alpha", {"--api-key", kAlphaKey, "--project-id",
                                "p-dogs", "--project-id", "p-cars", "--user-id",
                                "alice", "--user-id", "erin"});
  ASSERT_EQ(two["data"].size(), 2u) << two.dump(2);
  ExpectTotals(two["stats"], 2, 0, 1, 6, 1, 3, 66.67);

  json none =
      Stats("ws-alpha", {"--api-key", kAlphaKey, "--project-id", "p-nothing"});
  EXPECT_TRUE(none["data"].empty());
  EXPECT_TRUE(none["labelers"].empty());
  ExpectTotals(none["stats"], 0, 0, 0, 0, 0, 0, std::nullopt);
}

TEST_F(ImportedE2eTest, WorkspacesAreSeparate) {
  // ws-beta's img-1 is not ws-alpha's img-1. carol: 2 images, +5, img-1
  // rejected: first pass 0 of 1 = 0 (present, not null).
  json beta = Stats("ws-beta", {"--api-key", "beta-key-1"});
  ASSERT_EQ(beta["data"].size(), 1u) << beta.dump(2);
  ExpectRow(beta["data"][0], {"p-birds", "carol", 2, 5, 0, 0, 0, 1, 0, 1, 0.0});
  ExpectTotals(beta["stats"], 2, 0, 1, 5, 0, 0, 0.0);
  EXPECT_EQ(StatsError({"ws-beta", "--api-key", kAlphaKey})["code"], 7);
}

TEST_F(ImportedE2eTest, AnAnswerAskedAgainAfterAnImportIsFresh) {
  // Asked twice, so that the second answer is one the server keeps.
  for (int i = 0; i < 2; ++i) {
    json before = Stats("ws-beta", {"--api-key", "beta-key-1"});
    EXPECT_EQ(before["stats"]["numImagesLabeled"], 2) << before.dump(2);
  }
  const std::string more = (server_->folder() / "more.jsonl").string();
  std::ofstream(more)
      << R"({"eventId": "b04", "time": "2024-03-02T09:00:00Z",)"
      << R"( "type": "annotate", "workspaceId": "ws-beta",)"
      << R"( "projectId": "p-birds", "labelerId": "carol",)"
      << R"( "imageId": "img-9", "boxesAdded": 2, "boxesRemoved": 0,)"
      << R"( "boxesUpdated": 0, "markedNull": false, "modelAssisted": false})"
      << "\n";
  const ProgramResult result = Import(more, "10");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json after = Stats("ws-beta", {"--api-key", "beta-key-1"});
  EXPECT_EQ(after["stats"]["numImagesLabeled"], 3) << after.dump(2);
  EXPECT_EQ(after["stats"]["numBoxesAdded"], 7) << after.dump(2);
}

TEST_F(ImportedE2eTest, MissingKeyIsUnauthenticated) {
  json error = StatsError({"ws-alpha"});
  EXPECT_EQ(error["code"], 16) << error;
  EXPECT_TRUE(error["message"].is_string());
}

TEST_F(ImportedE2eTest, WrongKeyAndUnknownWorkspaceAreBothPermissionDenied) {
  json wrong = StatsError({"ws-alpha", "--api-key", "not-a-key"});
  EXPECT_EQ(wrong["code"], 7) << wrong;
  json unknown = StatsError({"ws-nowhere", "--api-key", kAlphaKey});
  EXPECT_EQ(unknown["code"], 7) << unknown;
  std::string unknown_message = unknown["message"].get<std::string>();
  const size_t at = unknown_message.find("ws-nowhere");
  if (at != std::string::npos) unknown_message.replace(at, 10, "ws-alpha");
  EXPECT_EQ(wrong["message"], unknown_message);  // nothing to probe with
}

TEST_F(ImportedE2eTest, BadDatesAreInvalidArgumentNamingTheParameter) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"--start-date", "2024-02-30"}, "startDate"},
      {{"--end-date", "2024-1-5"}, "endDate"},
      {{"--start-date", "yesterday"}, "startDate"},
      {{"--start-date", "2024-03-05", "--end-date", "2024-03-01"},
       "startDate"}};
  for (const auto& [dates, parameter] : cases) {
    std::vector<std::string> args = {"ws-alpha", "--api-key", kAlphaKey};
    args.insert(args.end(), dates.begin(), dates.end());
    json error = StatsError(args);
    EXPECT_EQ(error["code"], 3) << error;
    EXPECT_NE(error.value("message", "").find(parameter), std::string::npos)
        << error;
  }
}

TEST_F(E2eTest, ImportStopsAtBadLineAndKeepsAcknowledgedBatches) {
  const std::filesystem::path events = server_->folder() / "bad.jsonl";
  std::ofstream out(events);
  for (int line = 1; line <= 6; ++line) {
    const int added = line == 5 ? -1 : 1;  // line 5: a negative count
    out << R"({"eventId": "x)" << line
        << R"(", "time": "2024-04-01T08:00:00Z",)"
        << R"( "type": "annotate", "workspaceId": "ws-beta",)"
        << R"( "projectId": "p-birds", "labelerId": "carol", "imageId": "x)"
        << line << R"(", "boxesAdded": )" << added
        << R"(, "boxesRemoved": 0, "boxesUpdated": 0, "markedNull": false,)"
        << R"( "modelAssisted": false})"
        << "\n";
  }
  out.close();
  ProgramResult result = Import(events.string(), "2");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("bad.jsonl:5"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("events: 4 stored"), std::string::npos)
      << result.out;
  // Batches {1, 2} and {3, 4} were acknowledged before line 5 was read.
  json beta = Stats("ws-beta", {"--api-key", "beta-key-1"});
  ExpectTotals(beta["stats"], 4, 0, 0, 4, 0, 0, std::nullopt);
}

// Reflection and health, called directly over gRPC.

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> BoundedContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  return context;
}

// One reflection stream: each request in turn, one answer for each. `alpha`
// picks grpc.reflection.v1alpha (same messages, no generated stub).
std::vector<ReflectionResponse> Reflect(
    const std::string& address, bool alpha,
    const std::vector<ReflectionRequest>& requests) {
  std::shared_ptr<grpc::Channel> channel = Connect(address);
  std::unique_ptr<grpc::ClientContext> context = BoundedContext();
  std::unique_ptr<
      grpc::ClientReaderWriter<ReflectionRequest, ReflectionResponse>>
      stream;
  if (alpha) {
    const grpc::internal::RpcMethod method(
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        grpc::internal::RpcMethod::BIDI_STREAMING, channel);
    stream.reset(grpc::internal::ClientReaderWriterFactory<
                 ReflectionRequest, ReflectionResponse>::Create(channel.get(),
                                                                method,
                                                                context.get()));
  } else {
    stream = grpc::reflection::v1::ServerReflection::NewStub(channel)
                 ->ServerReflectionInfo(context.get());
  }
  std::vector<ReflectionResponse> answers;
  for (const ReflectionRequest& request : requests) {
    ReflectionResponse answer;
    if (!stream->Write(request) || !stream->Read(&answer)) break;
    answers.push_back(std::move(answer));
  }
  stream->WritesDone();
  const grpc::Status status = stream->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answers.size(), requests.size());
  return answers;
}

std::vector<std::string> ListServices(const std::string& address, bool alpha) {
  ReflectionRequest request;
  request.set_list_services("");
  std::vector<std::string> names;
  for (const ReflectionResponse& answer : Reflect(address, alpha, {request})) {
    for (const auto& service : answer.list_services_response().service()) {
      names.push_back(service.name());
    }
  }
  return names;
}

// The FileDescriptorProtos of one answer, by file name.
std::map<std::string, FileDescriptorProto> Files(
    const ReflectionResponse& answer) {
  std::map<std::string, FileDescriptorProto> files;
  for (const std::string& bytes :
       answer.file_descriptor_response().file_descriptor_proto()) {
    FileDescriptorProto file;
    EXPECT_TRUE(file.ParseFromString(bytes));
    files[file.name()] = file;
  }
  return files;
}

class ReflectionTest : public E2eTest,
                       public ::testing::WithParamInterface<bool> {};

TEST_P(ReflectionTest, ListsEveryService) {
  EXPECT_THAT(ListServices(server_->address(), GetParam()),
              ::testing::IsSupersetOf({"insights.v1.AnnotationInsightsService",
                                       "insights.v1.IngestService",
                                       "grpc.health.v1.Health"}));
}

INSTANTIATE_TEST_SUITE_P(V1AndV1Alpha, ReflectionTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "V1Alpha" : "V1";
                         });

TEST_F(E2eTest, ReflectionV1DescribesStatsServiceWithHttpOption) {
  ReflectionRequest request;
  request.set_file_containing_symbol("insights.v1.AnnotationInsightsService");
  const std::vector<ReflectionResponse> answers =
      Reflect(server_->address(), /*alpha=*/false, {request});
  ASSERT_EQ(answers.size(), 1u);
  const auto files = Files(answers[0]);
  EXPECT_EQ(files.count("google/api/annotations.proto"), 1u);
  EXPECT_EQ(files.count("google/api/http.proto"), 1u);

  const google::protobuf::MethodDescriptorProto* method = nullptr;
  for (const auto& [name, file] : files) {
    for (const auto& service : file.service()) {
      if (service.name() != "AnnotationInsightsService") continue;
      for (const auto& candidate : service.method()) {
        if (candidate.name() == "GetWorkspaceStats") method = &candidate;
      }
    }
  }
  ASSERT_NE(method, nullptr) << "no GetWorkspaceStats in the answer";
  ASSERT_TRUE(method->options().HasExtension(google::api::http));
  EXPECT_EQ(method->options().GetExtension(google::api::http).get(),
            "/{workspace}/stats");
}

TEST_F(E2eTest, ReflectionV1ServesFileByFilename) {
  ReflectionRequest request;
  request.set_file_by_filename("google/api/http.proto");
  const std::vector<ReflectionResponse> answers =
      Reflect(server_->address(), /*alpha=*/false, {request});
  ASSERT_EQ(answers.size(), 1u);
  const auto files = Files(answers[0]);
  ASSERT_EQ(files.count("google/api/http.proto"), 1u);
  EXPECT_EQ(files.at("google/api/http.proto").package(), "google.api");
}

// Sends `bytes` as the request of `method` and returns the call's status.
grpc::Status CallWithRawRequest(const std::shared_ptr<grpc::Channel>& channel,
                                const std::string& method,
                                const std::string& bytes,
                                grpc::ClientContext& context) {
  grpc::GenericStub stub(channel);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer reply;
  std::mutex mutex;
  std::condition_variable done_cv;
  std::optional<grpc::Status> status;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &reply,
                 [&](grpc::Status finished) {
                   std::lock_guard<std::mutex> lock(mutex);
                   status = std::move(finished);
                   done_cv.notify_all();
                 });
  std::unique_lock<std::mutex> lock(mutex);
  done_cv.wait(lock, [&] { return status.has_value(); });
  return *status;
}

TEST_F(E2eTest, InvalidUtf8InAStatsRequestIsInvalidArgumentSayingSo) {
  // Field 1 (workspace), length 2, bytes that are not UTF-8: what no
  // protobuf library would send, but a hand-made client could.
  std::unique_ptr<grpc::ClientContext> context = BoundedContext();
  grpc::Status status = CallWithRawRequest(
      Connect(server_->address()),
      "/insights.v1.AnnotationInsightsService/GetWorkspaceStats",
      std::string("\x0a\x02\xc3\x28", 4), *context);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("UTF-8"), std::string::npos)
      << status.error_message();
}

TEST_F(E2eTest, InvalidUtf8InAnIngestRequestIsInvalidArgumentNamingIt) {
  // Field 1 (events), holding an Event whose field 1 is not UTF-8.
  std::unique_ptr<grpc::ClientContext> context = BoundedContext();
  grpc::Status status = CallWithRawRequest(
      Connect(server_->address()), "/insights.v1.IngestService/IngestEvents",
      std::string("\x0a\x04\x0a\x02\xc3\x28", 6), *context);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("insights.v1.IngestEventsRequest"),
            std::string::npos)
      << status.error_message();
  EXPECT_NE(status.error_message().find("UTF-8"), std::string::npos);
}

TEST_F(E2eTest, HealthCheckReportsServing) {
  std::shared_ptr<grpc::Channel> channel = Connect(server_->address());
  const grpc::internal::RpcMethod method("/grpc.health.v1.Health/Check",
                                         grpc::internal::RpcMethod::NORMAL_RPC,
                                         channel);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = grpc::internal::BlockingUnaryCall(
      channel.get(), method, BoundedContext().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(E2eTest, SigtermStopsTheServerWithExitCodeZero) {
  EXPECT_EQ(server_->Stop(), std::optional<int>(0)) << server_->log();
  EXPECT_NE(server_->log().find("stopped"), std::string::npos)
      << server_->log();
}

}  // namespace
}  // namespace insights::e2e
