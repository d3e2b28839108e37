#include "server/gateway/tls_context.h"

#include <absl/strings/str_cat.h>
#include <openssl/ssl.h>

#include <boost/asio/buffer.hpp>

namespace insights::gateway {

namespace ssl = boost::asio::ssl;

absl::StatusOr<std::unique_ptr<ssl::context>> MakeTlsServerContext(
    const TlsKeyPair& key_pair) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  // Older protocol versions have known weaknesses and every current client
  // speaks 1.2; compression is off against CRIME-style attacks.
  context->set_options(ssl::context::default_workarounds |
                       ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::no_compression);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);

  boost::system::error_code error;
  context->use_certificate_chain(
      boost::asio::buffer(key_pair.certificate_chain_pem), error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("TLS certificate refused: ", error.message()));
  }
  context->use_private_key(boost::asio::buffer(key_pair.private_key_pem),
                           ssl::context::pem, error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("TLS private key refused: ", error.message()));
  }
  return context;
}

}  // namespace insights::gateway
