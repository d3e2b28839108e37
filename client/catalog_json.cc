#include "client/catalog_json.h"

#include <absl/strings/string_view.h>
#include <absl/strings/str_cat.h>
#include <nlohmann/json.hpp>

namespace insights {
namespace {

using nlohmann::json;

// Reads a string field, "" when absent; an error when present but not a
// string. `where` names the entry for the message.
absl::StatusOr<std::string> Text(const json& entry, const char* field,
                                 const std::string& where, bool required) {
  auto found = entry.find(field);
  if (found == entry.end() && !required) return std::string();
  if (found == entry.end() || !found->is_string() ||
      (required && found->get<std::string>().empty())) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": ", field, " is missing or not a string"));
  }
  return found->get<std::string>();
}

absl::StatusOr<const json*> List(const json& root, const char* name) {
  static const json kEmpty = json::array();
  auto found = root.find(name);
  if (found == root.end()) return &kEmpty;
  if (!found->is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(name, " is not a list"));
  }
  return &*found;
}

absl::Status ReadWorkspace(const json& entry, const std::string& where,
                           v1::PutWorkspaceRequest& out) {
  auto id = Text(entry, "id", where, true);
  auto name = Text(entry, "name", where, false);
  if (!id.ok()) return id.status();
  if (!name.ok()) return name.status();
  out.set_id(*id);
  out.set_name(*name);
  auto keys = entry.find("apiKeys");
  if (keys == entry.end()) return absl::OkStatus();
  if (!keys->is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": apiKeys is not a list"));
  }
  for (const json& key : *keys) {
    if (!key.is_string()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": apiKeys holds a value that is not a string"));
    }
    out.add_api_keys(key.get<std::string>());
  }
  return absl::OkStatus();
}

absl::Status ReadProject(const json& entry, const std::string& where,
                         v1::Project& out) {
  auto id = Text(entry, "id", where, true);
  auto workspace = Text(entry, "workspaceId", where, true);
  auto name = Text(entry, "name", where, false);
  auto type = Text(entry, "type", where, false);
  for (const auto* field : {&id, &workspace, &name, &type}) {
    if (!field->ok()) return field->status();
  }
  out.set_id(*id);
  out.set_workspace_id(*workspace);
  out.set_name(*name);
  out.set_type(*type);
  return absl::OkStatus();
}

absl::Status ReadLabeler(const json& entry, const std::string& where,
                         v1::LabelerProfile& out) {
  auto id = Text(entry, "id", where, true);
  auto display_name = Text(entry, "displayName", where, false);
  auto email = Text(entry, "email", where, false);
  for (const auto* field : {&id, &display_name, &email}) {
    if (!field->ok()) return field->status();
  }
  auto system = entry.find("system");
  if (system != entry.end() && !system->is_boolean()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": system is not true or false"));
  }
  out.set_id(*id);
  out.set_display_name(*display_name);
  out.set_email(*email);
  out.set_system(system != entry.end() && system->get<bool>());
  return absl::OkStatus();
}

// Applies `read` to each object of list `name`, appending to `add()`.
template <typename Read, typename Add>
absl::Status ReadEach(const json& root, const char* name, Read read, Add add) {
  absl::StatusOr<const json*> list = List(root, name);
  if (!list.ok()) return list.status();
  for (size_t i = 0; i < (*list)->size(); ++i) {
    const std::string where = absl::StrCat(name, "[", i, "]");
    const json& entry = (**list)[i];
    if (!entry.is_object()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, " is not an object"));
    }
    absl::Status done = read(entry, where, add());
    if (!done.ok()) return done;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CatalogRequests> ParseCatalogJson(absl::string_view text) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) {
    return absl::InvalidArgumentError("the catalog is not a JSON object");
  }
  CatalogRequests catalog;
  absl::Status done = ReadEach(
      root, "workspaces", ReadWorkspace, [&]() -> auto& {
        return catalog.workspaces.emplace_back();
      });
  if (done.ok()) {
    done = ReadEach(
        root, "projects", ReadProject, [&]() -> auto& {
          return *catalog.projects.add_projects();
        });
  }
  if (done.ok()) {
    done = ReadEach(
        root, "labelers", ReadLabeler, [&]() -> auto& {
          return *catalog.labelers.add_labelers();
        });
  }
  if (!done.ok()) return done;
  return catalog;
}

}  // namespace insights
