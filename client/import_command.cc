#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <absl/strings/str_cat.h>

#include "client/catalog_json.h"
#include "client/commands.h"
#include "client/event_json.h"
#include "client/event_uploader.h"
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

}  // namespace

int RunImportCommand(const ClientOptions& options, const ImportArgs& args) {
  InsightsClient client(options);
  if (!args.catalog_path.empty()) {
    absl::Status put = PutCatalog(client, args.catalog_path);
    if (!put.ok()) {
      std::cerr << "import stopped: " << put << "\n";
      return 1;
    }
  }
  if (args.events_path.empty()) return 0;

  std::error_code size_error;
  const auto size = std::filesystem::file_size(args.events_path, size_error);
  int64_t bytes_read = 0;
  ProgressBar bar(size_error ? 0 : static_cast<int64_t>(size));
  EventUploader uploader(client, args.batch_size, [&](int64_t sent) {
    bar.Update(bytes_read, sent);
  });
  absl::Status sent = SendEventsFile(uploader, args.events_path, bytes_read);
  std::cout << "events: " << uploader.stored() << " stored, "
            << uploader.duplicates() << " duplicates\n";
  if (!sent.ok()) {
    std::cerr << "import stopped: " << sent
              << " (batches acknowledged before it stay stored)\n";
    return 1;
  }
  return 0;
}

}  // namespace insights
