#ifndef INSIGHTS_CLIENT_COMMANDS_H_
#define INSIGHTS_CLIENT_COMMANDS_H_

#include <string>
#include <vector>

#include "client/insights_client.h"

namespace insights {

struct StatsArgs {
  std::string workspace;
  std::string start_date;
  std::string end_date;
  std::vector<std::string> project_ids;
  std::vector<std::string> user_ids;
  std::string api_key;
  bool json = false;
};

struct ImportArgs {
  std::string catalog_path;
  std::string events_path;
  std::string label_studio_path;
  std::string workspace;  // the workspace a Label Studio export goes into
  int batch_size = 1000;
};

// Each returns the process exit code and prints its own errors.
int RunStatsCommand(const ClientOptions& options, const StatsArgs& args);
int RunImportCommand(const ClientOptions& options, const ImportArgs& args);
int RunHealthCommand(const ClientOptions& options);

}  // namespace insights

#endif  // INSIGHTS_CLIENT_COMMANDS_H_
