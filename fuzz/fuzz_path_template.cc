// Fuzzes the REST path templates and the request-path matcher. The input is
// a template and a path separated by a newline; the path is also matched
// against the service's own two templates. Beyond not crashing: a parsed
// template's OpenAPI form and variables must be computable, and a match
// binds exactly the template's variables.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/gateway/path_template.h"

namespace gw = insights::gateway;

namespace {

void MatchOrTrap(const gw::PathTemplate& route, const gw::RequestPath& path) {
  auto bindings = route.Match(path);
  if (bindings && bindings->size() != route.VariableFieldPaths().size()) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gw::PathTemplate kStats =
      *gw::PathTemplate::Parse("/{workspace}/stats");
  static const gw::PathTemplate kV1 =
      *gw::PathTemplate::Parse("/v1/workspaces/{workspace}/stats");
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const absl::string_view text = input.substr(0, newline);
  const absl::string_view path_text =
      newline == absl::string_view::npos ? input : input.substr(newline + 1);

  absl::StatusOr<gw::RequestPath> path = gw::RequestPath::Parse(path_text);
  absl::StatusOr<gw::PathTemplate> route = gw::PathTemplate::Parse(text);
  if (route.ok()) {
    (void)route->OpenApiPath();
    (void)route->literal_count();
    for (const std::string& field : route->VariableFieldPaths()) {
      (void)route->VariablePattern(field);
    }
  }
  if (!path.ok()) return 0;
  MatchOrTrap(kStats, *path);
  MatchOrTrap(kV1, *path);
  if (route.ok()) MatchOrTrap(*route, *path);
  return 0;
}
