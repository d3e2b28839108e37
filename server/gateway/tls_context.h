#ifndef INSIGHTS_SERVER_GATEWAY_TLS_CONTEXT_H_
#define INSIGHTS_SERVER_GATEWAY_TLS_CONTEXT_H_

#include <memory>

#include <absl/status/statusor.h>
#include <boost/asio/ssl/context.hpp>

#include "server/tls/tls_key_pair.h"

namespace insights::gateway {

// The OpenSSL context every HTTPS connection of the gateway shares: the
// server's certificate chain and key, TLS 1.2 or newer only, no client
// certificate asked for. Errors: INVALID_ARGUMENT when OpenSSL refuses the
// pair (LoadTlsKeyPair has normally caught that already).
absl::StatusOr<std::unique_ptr<boost::asio::ssl::context>> MakeTlsServerContext(
    const TlsKeyPair& key_pair);

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_TLS_CONTEXT_H_
