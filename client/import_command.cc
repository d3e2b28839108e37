#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <absl/strings/str_cat.h>

#include "client/catalog_json.h"
#include "client/commands.h"
#include "client/event_json.h"
#include "client/event_uploader.h"
#include "client/label_studio.h"
#include "client/progress_bar.h"

namespace insights {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status PutCatalog(InsightsClient& client, const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<CatalogRequests> catalog = ParseCatalogJson(*text);
  if (!catalog.ok()) {
    return absl::Status(catalog.status().code(),
                        absl::StrCat(path, ": ", catalog.status().message()));
  }
  for (const v1::PutWorkspaceRequest& workspace : catalog->workspaces) {
    absl::Status put = client.PutWorkspace(workspace);
    if (!put.ok()) return put;
  }
  absl::Status put = client.PutProjects(catalog->projects);
  if (put.ok()) put = client.PutLabelers(catalog->labelers);
  if (put.ok()) {
    std::cout << "catalog: " << catalog->workspaces.size() << " workspaces, "
              << catalog->projects.projects_size() << " projects, "
              << catalog->labelers.labelers_size() << " labelers\n";
  }
  return put;
}

absl::Status SendEventsFile(EventUploader& uploader, const std::string& path,
                            int64_t& bytes_read) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::string line;
  for (int64_t number = 1; std::getline(in, line); ++number) {
    bytes_read += static_cast<int64_t>(line.size()) + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    absl::StatusOr<v1::Event> event = ParseEventJson(line);
    const std::string origin = absl::StrCat(path, ":", number);
    if (!event.ok()) {
      return absl::Status(event.status().code(),
                          absl::StrCat(origin, ": ", event.status().message()));
    }
    absl::Status added = uploader.Add(std::move(*event), origin);
    if (!added.ok()) return added;
  }
  return uploader.Flush();
}

// Converts a Label Studio export and sends its catalog entries and events.
absl::Status SendLabelStudioExport(InsightsClient& client,
                                   EventUploader& uploader,
                                   const std::string& path,
                                   const std::string& workspace) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  nlohmann::json tasks =
      nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (tasks.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not valid JSON"));
  }
  absl::StatusOr<ConvertedExport> converted =
      ConvertLabelStudioExport(tasks, workspace);
  if (!converted.ok()) {
    return absl::Status(converted.status().code(),
                        absl::StrCat(path, ": ", converted.status().message()));
  }

  v1::PutProjectsRequest projects;
  for (auto& project : converted->projects) *projects.add_projects() = project;
  v1::PutLabelersRequest labelers;
  for (auto& labeler : converted->labelers) *labelers.add_labelers() = labeler;
  absl::Status put = client.PutProjects(projects);
  if (put.ok()) put = client.PutLabelers(labelers);
  if (!put.ok()) return put;
  std::cout << "label studio: " << converted->projects.size() << " projects, "
            << converted->labelers.size() << " labelers, "
            << converted->events.size() << " events\n";

  for (v1::Event& event : converted->events) {
    std::string origin = absl::StrCat(path, " event ", event.event_id());
    absl::Status added = uploader.Add(std::move(event), std::move(origin));
    if (!added.ok()) return added;
  }
  return uploader.Flush();
}

}  // namespace

int RunImportCommand(const ClientOptions& options, const ImportArgs& args) {
  InsightsClient client(options);
  absl::Status done = absl::OkStatus();
  if (!args.catalog_path.empty()) done = PutCatalog(client, args.catalog_path);

  EventUploader uploader(client, args.batch_size, nullptr);
  if (done.ok() && !args.events_path.empty()) {
    std::error_code size_error;
    const auto size = std::filesystem::file_size(args.events_path, size_error);
    int64_t bytes_read = 0;
    ProgressBar bar(size_error ? 0 : static_cast<int64_t>(size));
    uploader.set_progress([&](int64_t sent) { bar.Update(bytes_read, sent); });
    done = SendEventsFile(uploader, args.events_path, bytes_read);
    uploader.set_progress(nullptr);  // the bar ends with this scope
  }
  if (done.ok() && !args.label_studio_path.empty()) {
    done = SendLabelStudioExport(client, uploader, args.label_studio_path,
                                 args.workspace);
  }

  if (!args.events_path.empty() || !args.label_studio_path.empty()) {
    std::cout << "events: " << uploader.stored() << " stored, "
              << uploader.duplicates() << " duplicates\n";
  }
  if (!done.ok()) {
    const bool some_stored = uploader.stored() + uploader.duplicates() > 0;
    std::cerr << "import stopped: " << done
              << (some_stored ? " (batches acknowledged before it stay stored)"
                              : "")
              << "\n";
    return 1;
  }
  return 0;
}

}  // namespace insights
