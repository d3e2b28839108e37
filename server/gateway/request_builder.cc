#include "server/gateway/request_builder.h"

#include <absl/status/status.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_split.h>
#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include "server/gateway/field_value.h"
#include "server/gateway/query_binder.h"

namespace insights::gateway {
namespace {

using google::protobuf::Message;

absl::Status ParseJson(absl::string_view json, Message& message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;  // a misspelt field must not vanish
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &message,
      options);
  if (status.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("body: ", status.message().as_string()));
}

// Only the field named by the rule is taken from the body; the body is the
// JSON of that field's value.
absl::Status BindBodyField(absl::string_view body,
                           const std::string& field_name, Message& message) {
  // The body must be one JSON value, so that wrapping it below cannot
  // smuggle in other fields.
  if (!nlohmann::json::accept(body.begin(), body.end())) {
    return absl::InvalidArgumentError("body is not a JSON value");
  }
  const auto* field = message.GetDescriptor()->FindFieldByName(field_name);
  std::unique_ptr<Message> wrapper(message.New());
  absl::Status parsed = ParseJson(
      absl::StrCat("{\"", field->json_name(), "\":", body, "}"), *wrapper);
  if (!parsed.ok()) return parsed;
  message.GetReflection()->SwapFields(&message, wrapper.get(), {field});
  return absl::OkStatus();
}

absl::Status BindBody(const Route& route, absl::string_view body,
                      Message& message) {
  if (route.body.empty() || body.empty()) return absl::OkStatus();
  if (route.body == "*") return ParseJson(body, message);
  return BindBodyField(body, route.body, message);
}

absl::Status BindPath(const std::vector<PathBinding>& bindings,
                      Message& message) {
  for (const PathBinding& binding : bindings) {
    Message* target = &message;
    const google::protobuf::FieldDescriptor* field = nullptr;
    // The table checked that the path names a chain of single fields.
    for (absl::string_view part : absl::StrSplit(binding.field_path, '.')) {
      if (field != nullptr)
        target = target->GetReflection()->MutableMessage(target, field);
      field = target->GetDescriptor()->FindFieldByName(std::string(part));
    }
    absl::Status set = SetFieldFromText(*target, *field, binding.value);
    if (!set.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "path variable \"", binding.field_path, "\" ", set.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Message>> BuildRequestMessage(
    const Route& route, const RequestParts& parts) {
  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          route.method->input_type());
  std::unique_ptr<Message> message(prototype->New());

  if (absl::Status s = BindBody(route, parts.body, *message); !s.ok()) return s;
  if (parts.bindings != nullptr) {
    if (absl::Status s = BindPath(*parts.bindings, *message); !s.ok()) return s;
  }
  QueryRules rules{route.path_fields, route.body, parts.aliases};
  if (absl::Status s = BindQuery(parts.query, rules, *message); !s.ok())
    return s;
  return message;
}

}  // namespace insights::gateway
