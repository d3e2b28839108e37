#include "server/dashboard/dashboard_files.h"

#include <string>

#include "server/dashboard/embedded_assets.h"

namespace insights::dashboard {
namespace {

// The page loads only its own script and style and calls only its own
// origin; nothing else may run in it, and no other site may frame it.
constexpr char kPagePolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self'; form-action 'none'; "
    "base-uri 'none'; frame-ancestors 'none'";

struct Served {
  const char* asset;
  const char* path;
  const char* content_type;
};

constexpr Served kServed[] = {
    {"index.html", "/", "text/html; charset=utf-8"},
    {"dashboard.js", "/dashboard.js", "text/javascript; charset=utf-8"},
    {"dashboard.css", "/dashboard.css", "text/css; charset=utf-8"},
    {"favicon.svg", "/favicon.svg", "image/svg+xml"},
};

}  // namespace

std::vector<gateway::StaticFile> DashboardFiles() {
  std::vector<gateway::StaticFile> files;
  for (const EmbeddedAsset& asset : EmbeddedAssets()) {
    for (const Served& served : kServed) {
      if (asset.name != served.asset) continue;
      gateway::StaticFile file{.path = served.path,
                               .content_type = served.content_type,
                               .body = asset.bytes};
      // Revalidated on each load, so that a new version shows at once.
      file.headers = {{"Cache-Control", "no-cache"},
                      {"X-Content-Type-Options", "nosniff"},
                      {"Referrer-Policy", "no-referrer"}};
      if (asset.name == "index.html") {
        file.headers.emplace_back("Content-Security-Policy", kPagePolicy);
      }
      files.push_back(std::move(file));
    }
  }
  return files;
}

}  // namespace insights::dashboard
