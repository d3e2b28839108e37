#include "server/gateway/openapi.h"

#include <absl/container/flat_hash_set.h>
#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>

#include "server/gateway/field_value.h"

namespace insights::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using Json = nlohmann::ordered_json;

constexpr char kSchemaPrefix[] = "#/components/schemas/";
constexpr char kErrorSchema[] = "google.rpc.Status";
// Deep enough for any sane request; stops a recursive message type.
constexpr int kMaxQueryDepth = 5;

Json Ref(absl::string_view name) {
  return {{"$ref", absl::StrCat(kSchemaPrefix, name)}};
}

// Builds component schemas on demand, each message once.
class SchemaSet {
 public:
  // The schema of one value of `field` (an element, when repeated).
  Json ValueSchema(const FieldDescriptor& field) {
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return {{"type", "integer"}, {"format", "int32"}};
      case FieldDescriptor::CPPTYPE_INT64:
        return {{"type", "integer"}, {"format", "int64"}};
      case FieldDescriptor::CPPTYPE_UINT32:
      case FieldDescriptor::CPPTYPE_UINT64:
        return {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}};
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return {{"type", "number"}, {"format", "double"}};
      case FieldDescriptor::CPPTYPE_FLOAT:
        return {{"type", "number"}, {"format", "float"}};
      case FieldDescriptor::CPPTYPE_BOOL:
        return {{"type", "boolean"}};
      case FieldDescriptor::CPPTYPE_ENUM: {
        Json names = Json::array();
        for (int i = 0; i < field.enum_type()->value_count(); ++i) {
          names.push_back(field.enum_type()->value(i)->name());
        }
        return {{"type", "string"}, {"enum", names}};
      }
      case FieldDescriptor::CPPTYPE_STRING:
        if (field.type() == FieldDescriptor::TYPE_BYTES) {
          return {{"type", "string"}, {"format", "byte"}};
        }
        return {{"type", "string"}};
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (field.message_type()->full_name() == "google.protobuf.Timestamp") {
          return {{"type", "string"}, {"format", "date-time"}};
        }
        return MessageRef(*field.message_type());
    }
    return Json::object();
  }

  // The schema of `field` as ToRestJson writes it.
  Json FieldSchema(const FieldDescriptor& field) {
    Json value = ValueSchema(field);
    if (field.is_repeated()) return {{"type", "array"}, {"items", value}};
    if (field.has_presence() &&
        field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      value["nullable"] = true;  // ToRestJson writes null when unset
    }
    return value;
  }

  Json MessageRef(const Descriptor& type) {
    if (type.full_name() != "google.protobuf.Timestamp" &&
        seen_.insert(&type).second) {
      Json properties = Json::object();
      for (int i = 0; i < type.field_count(); ++i) {
        properties[type.field(i)->json_name()] = FieldSchema(*type.field(i));
      }
      schemas_[type.full_name()] = {{"type", "object"},
                                    {"properties", properties}};
    }
    return Ref(type.full_name());
  }

  Json TakeSchemas() { return std::move(schemas_); }

 private:
  absl::flat_hash_set<const Descriptor*> seen_;
  Json schemas_ = Json::object();
};

bool Covered(const std::vector<std::string>& paths, const std::string& path) {
  for (const std::string& p : paths) {
    if (p == path || absl::StartsWith(path, p + ".")) return true;
  }
  return false;
}

std::string AliasNote(const Descriptor& type, const std::string& path,
                      const std::vector<QueryAlias>* aliases) {
  if (aliases == nullptr) return "";
  std::string note;
  for (const QueryAlias& alias : *aliases) {
    if (alias.message == type.full_name() && alias.field_path == path) {
      absl::StrAppend(&note, note.empty() ? "Also accepted as " : ", ", "`",
                      alias.name, "`");
    }
  }
  return note.empty() ? note : absl::StrCat(note, ".");
}

struct QueryWalk {
  const Route& route;
  const std::vector<QueryAlias>* aliases;
  SchemaSet& schemas;
  Json& parameters;
};

// Every field the query may set, depth first; see BindQuery.
void AddQueryParameters(const QueryWalk& walk, const Descriptor& type,
                        const std::string& proto_prefix,
                        const std::string& json_prefix, int depth) {
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    const std::string proto_path = absl::StrCat(proto_prefix, field.name());
    const std::string json_path = absl::StrCat(json_prefix, field.json_name());
    if (Covered(walk.route.path_fields, proto_path) ||
        (!walk.route.body.empty() && Covered({walk.route.body}, proto_path))) {
      continue;
    }
    if (!IsTextSettable(field)) {
      if (!field.is_repeated() && depth < kMaxQueryDepth) {
        AddQueryParameters(walk, *field.message_type(), proto_path + ".",
                           json_path + ".", depth + 1);
      }
      continue;
    }
    Json schema = field.is_repeated()
                      ? Json{{"type", "array"},
                             {"items", walk.schemas.ValueSchema(field)}}
                      : walk.schemas.ValueSchema(field);
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      schema = {{"type", "string"}};  // Timestamp, Duration, wrappers: text
    }
    Json parameter = {{"name", json_path},
                      {"in", "query"},
                      {"required", false},
                      {"schema", schema}};
    const std::string note =
        AliasNote(*walk.route.method->input_type(), proto_path, walk.aliases);
    if (!note.empty()) parameter["description"] = note;
    walk.parameters.push_back(std::move(parameter));
  }
}

Json PathParameters(const Route& route, SchemaSet& schemas) {
  Json parameters = Json::array();
  for (const std::string& path : route.path_fields) {
    const FieldDescriptor* field = nullptr;
    const Descriptor* type = route.method->input_type();
    for (size_t start = 0; start <= path.size();) {
      const size_t dot = std::min(path.find('.', start), path.size());
      field = type->FindFieldByName(path.substr(start, dot - start));
      type = field->message_type();
      start = dot + 1;
    }
    Json parameter = {{"name", path},
                      {"in", "path"},
                      {"required", true},
                      {"schema", schemas.ValueSchema(*field)}};
    const std::string pattern = route.path.VariablePattern(path);
    if (pattern != "*") {
      parameter["description"] =
          absl::StrCat("Matches `", pattern, "`, slashes included.");
    }
    parameters.push_back(std::move(parameter));
  }
  return parameters;
}

Json JsonContent(Json schema) {
  return {{"application/json", {{"schema", std::move(schema)}}}};
}

Json Operation(const Route& route, const std::vector<QueryAlias>* aliases,
               SchemaSet& schemas) {
  const auto& method = *route.method;
  Json operation = {
      {"operationId",
       absl::StrCat(method.service()->name(), "_", method.name(),
                    route.binding_index == 0
                        ? ""
                        : absl::StrCat("_", route.binding_index + 1))},
      {"tags", {method.service()->name()}}};
  Json parameters = PathParameters(route, schemas);
  if (route.body != "*") {
    AddQueryParameters({route, aliases, schemas, parameters},
                       *method.input_type(), "", "", 0);
  }
  operation["parameters"] = std::move(parameters);
  if (!route.body.empty()) {
    Json schema = route.body == "*"
                      ? schemas.MessageRef(*method.input_type())
                      : schemas.FieldSchema(
                            *method.input_type()->FindFieldByName(route.body));
    operation["requestBody"] = {{"required", false},
                                {"content", JsonContent(schema)}};
  }
  Json reply = route.response_body.empty()
                   ? schemas.MessageRef(*method.output_type())
                   : schemas.FieldSchema(*method.output_type()->FindFieldByName(
                         route.response_body));
  operation["responses"] = {
      {"200", {{"description", "OK"}, {"content", JsonContent(reply)}}},
      {"default",
       {{"description", "An error"},
        {"content", JsonContent(Ref(kErrorSchema))}}}};
  return operation;
}

Json HealthPath() {
  Json schema = {
      {"type", "object"},
      {"properties",
       {{"status",
         {{"type", "string"}, {"enum", {"SERVING", "NOT_SERVING"}}}}}}};
  return {{"get",
           {{"operationId", "Health_Check"},
            {"tags", {"Health"}},
            {"responses",
             {{"200",
               {{"description", "Serving"}, {"content", JsonContent(schema)}}},
              {"503",
               {{"description", "Not serving"},
                {"content", JsonContent(schema)}}}}}}}};
}

Json ErrorSchema() {
  return {
      {"type", "object"},
      {"properties",
       {{"code", {{"type", "integer"}, {"format", "int32"}}},
        {"message", {{"type", "string"}}},
        {"details", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
}

}  // namespace

Json BuildOpenApi(const HttpRuleTable& table, const OpenApiInfo& info,
                  const std::vector<QueryAlias>* aliases) {
  static const absl::flat_hash_set<std::string> kOpenApiMethods = {
      "get", "put", "post", "delete", "options", "head", "patch", "trace"};
  SchemaSet schemas;
  Json paths = Json::object();
  for (const Route& route : table.routes()) {
    const std::string method = absl::AsciiStrToLower(route.http_method);
    Json& path_item = paths[route.path.OpenApiPath()];
    if (!kOpenApiMethods.contains(method) || path_item.contains(method))
      continue;
    path_item[method] = Operation(route, aliases, schemas);
  }
  paths["/healthz"] = HealthPath();

  Json components_schemas = schemas.TakeSchemas();
  components_schemas[kErrorSchema] = ErrorSchema();
  return {{"openapi", "3.0.3"},
          {"info", {{"title", info.title}, {"version", info.version}}},
          {"paths", std::move(paths)},
          {"components",
           {{"schemas", std::move(components_schemas)},
            {"securitySchemes",
             {{"ApiKeyHeader",
               {{"type", "apiKey"}, {"in", "header"}, {"name", "x-api-key"}}},
              {"BearerKey", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
          // Callers may authenticate by header, or by a request field.
          {"security", Json::array({{{"ApiKeyHeader", Json::array()}},
                                    {{"BearerKey", Json::array()}},
                                    Json::object()})}};
}

}  // namespace insights::gateway
