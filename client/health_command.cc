#include <iostream>

#include "client/commands.h"

namespace insights {

int RunHealthCommand(const ClientOptions& options) {
  InsightsClient client(options);
  absl::StatusOr<bool> serving = client.IsServing();
  if (!serving.ok()) {
    std::cerr << "error: " << serving.status() << "\n";
    return 1;
  }
  std::cout << (*serving ? "SERVING" : "NOT_SERVING") << "\n";
  return *serving ? 0 : 1;
}

}  // namespace insights
