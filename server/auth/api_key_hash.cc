#include "server/auth/api_key_hash.h"

#include <openssl/sha.h>

#include <absl/strings/escaping.h>

namespace insights {

std::string HashApiKey(absl::string_view key) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace insights
