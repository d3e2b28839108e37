#ifndef INSIGHTS_SERVER_DASHBOARD_EMBEDDED_ASSETS_H_
#define INSIGHTS_SERVER_DASHBOARD_EMBEDDED_ASSETS_H_

#include <string>
#include <vector>

namespace insights::dashboard {

// One of the dashboard's files as it is in server/dashboard/.
struct EmbeddedAsset {
  std::string name;  // "dashboard.js"
  std::string bytes;
};

// The files compiled into the program (see CMakeLists.txt), so that the
// server is one binary with nothing to install beside it.
const std::vector<EmbeddedAsset>& EmbeddedAssets();

}  // namespace insights::dashboard

#endif  // INSIGHTS_SERVER_DASHBOARD_EMBEDDED_ASSETS_H_
