#ifndef INSIGHTS_SERVER_DASHBOARD_DASHBOARD_FILES_H_
#define INSIGHTS_SERVER_DASHBOARD_DASHBOARD_FILES_H_

#include <vector>

#include "server/gateway/static_file.h"

namespace insights::dashboard {

// The web page for managers, for the REST gateway to serve: "/" (the page),
// "/dashboard.js", "/dashboard.css" and "/favicon.svg". The page calls the
// gateway's own stats endpoint from the browser, so it needs no other server.
std::vector<gateway::StaticFile> DashboardFiles();

}  // namespace insights::dashboard

#endif  // INSIGHTS_SERVER_DASHBOARD_DASHBOARD_FILES_H_
