#include <iostream>

#include <nlohmann/json.hpp>

#include "client/commands.h"
#include "client/table_printer.h"
#include "common/rest_json.h"

namespace insights {

int RunStatsCommand(const ClientOptions& options, const StatsArgs& args) {
  v1::GetWorkspaceStatsRequest request;
  request.set_workspace(args.workspace);
  request.set_start_date(args.start_date);
  request.set_end_date(args.end_date);
  for (const std::string& id : args.project_ids) request.add_project_id(id);
  for (const std::string& id : args.user_ids) request.add_user_id(id);

  InsightsClient client(options);
  auto response = client.GetWorkspaceStats(request, args.api_key);
  if (!response.ok()) {
    if (args.json) {
      nlohmann::ordered_json error = {
          {"code", static_cast<int>(response.status().code())},
          {"message", std::string(response.status().message())}};
      std::cerr << error.dump() << "\n";
    } else {
      std::cerr << "error: " << response.status() << "\n";
    }
    return 1;
  }

  if (args.json) {
    std::cout << ToRestJson(*response).dump(2) << "\n";
  } else {
    PrintStatsTable(*response, std::cout);
  }
  return 0;
}

}  // namespace insights
