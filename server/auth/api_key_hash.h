#ifndef INSIGHTS_SERVER_AUTH_API_KEY_HASH_H_
#define INSIGHTS_SERVER_AUTH_API_KEY_HASH_H_

#include <string>
#include <absl/strings/string_view.h>

namespace insights {

// The form in which keys are stored and compared: SHA-256, in lowercase hex.
// Keys are long random strings, so a fast unsalted hash is enough to make a
// stolen database useless for calling the service; it is not meant for
// low-entropy passwords.
std::string HashApiKey(absl::string_view key);

}  // namespace insights

#endif  // INSIGHTS_SERVER_AUTH_API_KEY_HASH_H_
