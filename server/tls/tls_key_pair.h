#ifndef INSIGHTS_SERVER_TLS_TLS_KEY_PAIR_H_
#define INSIGHTS_SERVER_TLS_TLS_KEY_PAIR_H_

#include <string>

#include <absl/status/statusor.h>

namespace insights {

// The server's certificate chain and its private key, as PEM text. Both
// doors (gRPC and REST) are given the same pair.
struct TlsKeyPair {
  std::string certificate_chain_pem;
  std::string private_key_pem;
};

// Reads the files given to --tls-cert and --tls-key and checks, before any
// port is opened, that the first holds a certificate, the second a private
// key, and that the key belongs to the certificate: a mistake is then one
// clear start-up error instead of a failed handshake per caller. Errors are
// INVALID_ARGUMENT naming the flag and the path; they never quote the
// files, so that no part of the key can reach a log.
absl::StatusOr<TlsKeyPair> LoadTlsKeyPair(const std::string& certificate_path,
                                          const std::string& key_path);

}  // namespace insights

#endif  // INSIGHTS_SERVER_TLS_TLS_KEY_PAIR_H_
