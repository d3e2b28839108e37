// Shared helpers of the store, stats and ingest tests: a SqliteStore on a
// fresh temporary file with one workspace and its key, terse event
// builders, and stats queries answered with a fixed clock. Header-only.

#ifndef INSIGHTS_TESTS_TEST_FIXTURE_H_
#define INSIGHTS_TESTS_TEST_FIXTURE_H_

#include <absl/status/status.h>
#include <absl/status/statusor.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "insights/v1/ingest_service.pb.h"
#include "insights/v1/stats_service.pb.h"
#include "server/ingest/ingest.h"
#include "server/stats/civil_day.h"
#include "server/stats/workspace_stats.h"
#include "server/store/sqlite_store.h"

namespace insights {

inline constexpr char kWorkspace[] = "acme";
inline constexpr char kKey[] = "acme-key-0123456789abcdef";
inline constexpr char kDefaultHistoryStart[] = "2023-08-01";
// The fixed "now" of every query unless a test says otherwise.
inline constexpr char kNow[] = "2024-06-15T12:00:00Z";

// What an annotate event did to its image.
struct Boxes {
  int64_t added = 0;
  int64_t removed = 0;
  int64_t updated = 0;
  bool marked_null = false;
  bool model_assisted = false;
};

inline google::protobuf::Timestamp At(const std::string& rfc3339) {
  google::protobuf::Timestamp time;
  if (!google::protobuf::util::TimeUtil::FromString(rfc3339, &time)) {
    ADD_FAILURE() << "bad time in test: " << rfc3339;
  }
  return time;
}

inline int64_t UnixSeconds(const std::string& rfc3339) {
  return At(rfc3339).seconds();
}

inline CivilDay Day(const std::string& yyyy_mm_dd) {
  std::optional<CivilDay> day = ParseCivilDay(yyyy_mm_dd);
  if (!day) ADD_FAILURE() << "bad day in test: " << yyyy_mm_dd;
  return day.value_or(0);
}

inline v1::Event Annotate(const std::string& id, const std::string& time,
                          const std::string& project,
                          const std::string& labeler, const std::string& image,
                          const Boxes& boxes,
                          const std::string& workspace = kWorkspace) {
  v1::Event event;
  event.set_event_id(id);
  *event.mutable_time() = At(time);
  event.set_workspace_id(workspace);
  event.set_project_id(project);
  event.set_labeler_id(labeler);
  event.set_image_id(image);
  v1::Annotation& annotation = *event.mutable_annotation();
  annotation.set_boxes_added(boxes.added);
  annotation.set_boxes_removed(boxes.removed);
  annotation.set_boxes_updated(boxes.updated);
  annotation.set_marked_null(boxes.marked_null);
  annotation.set_model_assisted(boxes.model_assisted);
  return event;
}

// A decision of `reviewer` about `labeler`'s work on `image`.
inline v1::Event Review(const std::string& id, const std::string& time,
                        const std::string& project, const std::string& labeler,
                        const std::string& image, const std::string& reviewer,
                        bool approved,
                        const std::string& workspace = kWorkspace) {
  v1::Event event;
  event.set_event_id(id);
  *event.mutable_time() = At(time);
  event.set_workspace_id(workspace);
  event.set_project_id(project);
  event.set_labeler_id(labeler);
  event.set_image_id(image);
  event.mutable_review()->set_reviewer_id(reviewer);
  event.mutable_review()->set_result(approved ? v1::REVIEW_RESULT_APPROVED
                                              : v1::REVIEW_RESULT_REJECTED);
  return event;
}

inline v1::IngestEventsRequest Batch(const std::vector<v1::Event>& events) {
  v1::IngestEventsRequest request;
  for (const v1::Event& event : events) *request.add_events() = event;
  return request;
}

inline v1::GetWorkspaceStatsRequest Request(
    const std::string& start_date, const std::string& end_date,
    const std::string& workspace = kWorkspace) {
  v1::GetWorkspaceStatsRequest request;
  request.set_workspace(workspace);
  request.set_start_date(start_date);
  request.set_end_date(end_date);
  return request;
}

// WorkspaceStats::Get with a clock that always answers `now`.
inline absl::StatusOr<v1::GetWorkspaceStatsResponse> GetStats(
    Store& store, const v1::GetWorkspaceStatsRequest& request,
    const std::string& api_key,
    const std::string& history_start = kDefaultHistoryStart,
    const std::string& now = kNow) {
  const int64_t now_seconds = UnixSeconds(now);
  WorkspaceStatsOptions options;
  options.history_start = Day(history_start);
  options.now_unix_seconds = [now_seconds] { return now_seconds; };
  WorkspaceStats stats(store, std::move(options));
  return stats.Get(request, api_key);
}

// The data row of (project, labeler), or nullptr.
inline const v1::LabelerProjectStats* FindRow(
    const v1::GetWorkspaceStatsResponse& response, const std::string& project,
    const std::string& labeler) {
  for (const v1::LabelerProjectStats& row : response.data()) {
    if (row.project_id() == project && row.labeler_id() == labeler) {
      return &row;
    }
  }
  return nullptr;
}

// The message of a failed result, as a std::string for gMock matchers.
template <typename T>
std::string MessageOf(const absl::StatusOr<T>& result) {
  return std::string(result.status().message());
}

inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

// A store on a fresh file in its own temporary directory, holding workspace
// kWorkspace with key kKey; the directory goes away in TearDown.
class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/insights-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << pattern;
    dir_ = pattern;
    path_ = dir_ + "/insights.db";
    OpenStore();
    ASSERT_NE(store_, nullptr);
    PutWorkspace(kWorkspace, {kKey});
  }

  void TearDown() override {
    ingest_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  void OpenStore() {
    ingest_.reset();
    store_.reset();
    absl::StatusOr<std::unique_ptr<SqliteStore>> opened =
        SqliteStore::Open({path_});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    ingest_ = std::make_unique<Ingest>(*store_, "");
  }

  void PutWorkspace(const std::string& id,
                    const std::vector<std::string>& keys) {
    v1::PutWorkspaceRequest request;
    request.set_id(id);
    request.set_name(id + " workspace");
    for (const std::string& key : keys) request.add_api_keys(key);
    absl::StatusOr<v1::PutWorkspaceResponse> put =
        ingest_->PutWorkspace(request);
    ASSERT_TRUE(put.ok()) << put.status();
  }

  void PutProject(const std::string& id, const std::string& name,
                  const std::string& type,
                  const std::string& workspace = kWorkspace) {
    v1::PutProjectsRequest request;
    v1::Project& project = *request.add_projects();
    project.set_id(id);
    project.set_workspace_id(workspace);
    project.set_name(name);
    project.set_type(type);
    absl::StatusOr<v1::PutProjectsResponse> put = ingest_->PutProjects(request);
    ASSERT_TRUE(put.ok()) << put.status();
  }

  void PutLabeler(const std::string& id, const std::string& display_name,
                  const std::string& email, bool system = false) {
    v1::PutLabelersRequest request;
    v1::LabelerProfile& labeler = *request.add_labelers();
    labeler.set_id(id);
    labeler.set_display_name(display_name);
    labeler.set_email(email);
    labeler.set_system(system);
    absl::StatusOr<v1::PutLabelersResponse> put = ingest_->PutLabelers(request);
    ASSERT_TRUE(put.ok()) << put.status();
  }

  absl::StatusOr<v1::IngestEventsResponse> IngestBatch(
      const std::vector<v1::Event>& events) {
    return ingest_->IngestEvents(Batch(events));
  }

  // Ingests a batch that must be accepted.
  void Put(const std::vector<v1::Event>& events) {
    absl::StatusOr<v1::IngestEventsResponse> done = IngestBatch(events);
    ASSERT_TRUE(done.ok()) << done.status();
  }

  absl::StatusOr<v1::GetWorkspaceStatsResponse> Get(
      const v1::GetWorkspaceStatsRequest& request,
      const std::string& api_key = kKey,
      const std::string& history_start = kDefaultHistoryStart,
      const std::string& now = kNow) {
    return GetStats(*store_, request, api_key, history_start, now);
  }

  // A query that must succeed; an empty answer after reporting otherwise.
  v1::GetWorkspaceStatsResponse MustGet(
      const v1::GetWorkspaceStatsRequest& request,
      const std::string& history_start = kDefaultHistoryStart,
      const std::string& now = kNow) {
    absl::StatusOr<v1::GetWorkspaceStatsResponse> got =
        Get(request, kKey, history_start, now);
    if (!got.ok()) {
      ADD_FAILURE() << got.status();
      return v1::GetWorkspaceStatsResponse();
    }
    return *std::move(got);
  }

  std::string dir_;
  std::string path_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Ingest> ingest_;
};

}  // namespace insights

#endif  // INSIGHTS_TESTS_TEST_FIXTURE_H_
