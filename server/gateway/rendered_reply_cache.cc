#include "server/gateway/rendered_reply_cache.h"

#include <absl/strings/str_cat.h>
#include <google/protobuf/message.h>

#include <utility>

#include "common/rest_json.h"

namespace insights::gateway {
namespace {

absl::StatusOr<std::string> RenderBody(const Route& route,
                                       const std::string& serialized) {
  std::unique_ptr<google::protobuf::Message> reply(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(route.method->output_type())
          ->New());
  if (!reply->ParseFromString(serialized)) {
    return absl::InternalError(
        absl::StrCat("the reply of ", route.grpc_path, " could not be read"));
  }
  if (route.response_body.empty()) return ToRestJsonString(*reply);
  const auto* field =
      reply->GetDescriptor()->FindFieldByName(route.response_body);
  return ToRestJson(*reply)[field->json_name()].dump();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const std::string>> RenderedReplyCache::Render(
    const Route& route, const std::string& serialized) {
  // The route's identity and response field come first, so that equal
  // bytes from different methods never share a body.
  std::string key = absl::StrCat(route.grpc_path, "\n", route.response_body,
                                 "\n", serialized);
  const bool cacheable = serialized.size() <= max_reply_bytes_;
  if (cacheable) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto* kept = bodies_.Find(key)) return *kept;
  }
  absl::StatusOr<std::string> body = RenderBody(route, serialized);
  if (!body.ok()) return body.status();
  auto shared = std::make_shared<const std::string>(std::move(*body));
  if (!cacheable) return shared;

  std::lock_guard<std::mutex> lock(mutex_);
  bodies_.Insert(std::move(key), shared);
  return shared;
}

}  // namespace insights::gateway
