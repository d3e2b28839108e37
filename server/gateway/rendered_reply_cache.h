#ifndef INSIGHTS_SERVER_GATEWAY_RENDERED_REPLY_CACHE_H_
#define INSIGHTS_SERVER_GATEWAY_RENDERED_REPLY_CACHE_H_

#include <absl/status/statusor.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "common/lru_cache.h"
#include "server/gateway/http_rule_table.h"

namespace insights::gateway {

// The REST body of a serialized reply, rendered once per distinct reply.
// Rendering is a pure function of the route and the reply's bytes, so an
// entry never goes stale and needs no invalidation: dashboards asking the
// same question get the JSON already written. Keeps the `capacity` most
// recently used bodies of replies up to `max_reply_bytes`. Thread-safe.
class RenderedReplyCache final {
 public:
  RenderedReplyCache(size_t capacity, size_t max_reply_bytes)
      : max_reply_bytes_(max_reply_bytes), bodies_(capacity) {}

  // The body for `serialized`, a reply of `route`'s method; INTERNAL when
  // the bytes are not such a reply.
  absl::StatusOr<std::shared_ptr<const std::string>> Render(
      const Route& route, const std::string& serialized);

 private:
  const size_t max_reply_bytes_;
  std::mutex mutex_;
  LruCache<std::shared_ptr<const std::string>> bodies_;  // guarded by mutex_
};

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_RENDERED_REPLY_CACHE_H_
