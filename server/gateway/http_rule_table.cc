#include "server/gateway/http_rule_table.h"

#include <absl/status/status.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_split.h>
#include <google/api/annotations.pb.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/gateway/field_value.h"

namespace insights::gateway {
namespace {

using google::api::HttpRule;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;

absl::Status RuleError(const MethodDescriptor& method, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat(method.full_name(), ": ", what));
}

// The HTTP method and path template of a rule.
std::pair<std::string, std::string> PatternOf(const HttpRule& rule) {
  switch (rule.pattern_case()) {
    case HttpRule::kGet:
      return {"GET", rule.get()};
    case HttpRule::kPut:
      return {"PUT", rule.put()};
    case HttpRule::kPost:
      return {"POST", rule.post()};
    case HttpRule::kDelete:
      return {"DELETE", rule.delete_()};
    case HttpRule::kPatch:
      return {"PATCH", rule.patch()};
    case HttpRule::kCustom:
      return {rule.custom().kind(), rule.custom().path()};
    default:
      return {"", ""};
  }
}

// A path variable must name a single field a URL can set, through
// non-repeated messages.
bool IsBindableFieldPath(const Descriptor& type, absl::string_view path) {
  const Descriptor* current = &type;
  const FieldDescriptor* field = nullptr;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (current == nullptr) return false;
    field = current->FindFieldByName(std::string(part));
    if (field == nullptr || field->is_repeated()) return false;
    current = IsTextSettable(*field) ? nullptr : field->message_type();
  }
  return field != nullptr && IsTextSettable(*field);
}

// Whether `type` reaches itself through singular message fields, which
// ToRestJson would expand forever (it writes unset messages in full).
bool IsRecursive(const Descriptor& type,
                 std::vector<const Descriptor*>& stack) {
  if (std::find(stack.begin(), stack.end(), &type) != stack.end()) return true;
  stack.push_back(&type);
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !field.is_repeated() && IsRecursive(*field.message_type(), stack)) {
      return true;
    }
  }
  stack.pop_back();
  return false;
}

absl::Status CheckRoute(const Route& route) {
  const MethodDescriptor& method = *route.method;
  for (const std::string& field : route.path_fields) {
    if (!IsBindableFieldPath(*method.input_type(), field)) {
      return RuleError(method, absl::StrCat("path variable \"", field,
                                            "\" names no single scalar field"));
    }
  }
  if (!route.body.empty() && route.body != "*" &&
      method.input_type()->FindFieldByName(route.body) == nullptr) {
    return RuleError(method,
                     absl::StrCat("body \"", route.body, "\" names no field"));
  }
  if (!route.response_body.empty() &&
      method.output_type()->FindFieldByName(route.response_body) == nullptr) {
    return RuleError(method,
                     absl::StrCat("response_body \"", route.response_body,
                                  "\" names no field"));
  }
  std::vector<const Descriptor*> stack;
  if (IsRecursive(*method.output_type(), stack)) {
    return RuleError(method,
                     absl::StrCat(method.output_type()->full_name(),
                                  " contains itself; REST cannot render it"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Route> MakeRoute(const MethodDescriptor& method,
                                const HttpRule& rule, int binding_index) {
  auto [http_method, path] = PatternOf(rule);
  if (http_method.empty())
    return RuleError(method, "HttpRule without a pattern");
  absl::StatusOr<PathTemplate> parsed = PathTemplate::Parse(path);
  if (!parsed.ok()) return RuleError(method, parsed.status().message());

  Route route{
      std::move(http_method),
      std::move(*parsed),
      &method,
      absl::StrCat("/", method.service()->full_name(), "/", method.name()),
      rule.body(),
      rule.response_body(),
      {},
      binding_index};
  route.path_fields = route.path.VariableFieldPaths();
  if (absl::Status s = CheckRoute(route); !s.ok()) return s;
  return route;
}

absl::Status AddMethodRoutes(const MethodDescriptor& method,
                             std::vector<Route>& routes) {
  const HttpRule& rule = method.options().GetExtension(google::api::http);
  std::vector<const HttpRule*> rules = {&rule};
  for (const HttpRule& extra : rule.additional_bindings()) {
    if (extra.additional_bindings_size() > 0) {
      return RuleError(method, "additional_bindings may not nest");
    }
    rules.push_back(&extra);
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    absl::StatusOr<Route> route =
        MakeRoute(method, *rules[i], static_cast<int>(i));
    if (!route.ok()) return route.status();
    for (const Route& other : routes) {
      if (other.http_method == route->http_method &&
          other.path.text() == route->path.text()) {
        return RuleError(
            method,
            absl::StrCat(route->http_method, " ", route->path.text(),
                         " is also bound to ", other.method->full_name()));
      }
    }
    routes.push_back(std::move(*route));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<HttpRuleTable> HttpRuleTable::Build(
    const std::vector<std::string>& service_names) {
  HttpRuleTable table;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : service_names) {
    const auto* service = pool->FindServiceByName(name);
    if (service == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("service ", name, " is not compiled in"));
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor& method = *service->method(i);
      if (!method.options().HasExtension(google::api::http)) continue;
      if (method.client_streaming() || method.server_streaming()) {
        spdlog::warn(
            "REST gateway: {} streams, which REST does not carry; skipped",
            method.full_name());
        continue;
      }
      if (absl::Status s = AddMethodRoutes(method, table.routes_); !s.ok())
        return s;
    }
  }
  return table;
}

HttpRuleTable::Lookup HttpRuleTable::Find(absl::string_view http_method,
                                          const RequestPath& path) const {
  Lookup found;
  for (const Route& route : routes_) {
    const bool better =
        found.route == nullptr ||
        route.path.literal_count() > found.route->path.literal_count();
    const bool same_method = route.http_method == http_method;
    // Other methods only matter for a 405, which a found route rules out.
    if (same_method ? !better : found.route != nullptr) continue;
    std::optional<std::vector<PathBinding>> bindings = route.path.Match(path);
    if (!bindings) continue;
    if (same_method) {
      found.route = &route;
      found.bindings = std::move(*bindings);
    } else if (std::find(found.allowed_methods.begin(),
                         found.allowed_methods.end(),
                         route.http_method) == found.allowed_methods.end()) {
      found.allowed_methods.push_back(route.http_method);
    }
  }
  return found;
}

}  // namespace insights::gateway
