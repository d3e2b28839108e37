#ifndef INSIGHTS_COMMON_ID_CHECK_H_
#define INSIGHTS_COMMON_ID_CHECK_H_

#include <string>

#include <absl/status/status.h>
#include <absl/strings/string_view.h>

namespace insights {

// Checks an identifier: present, valid UTF-8, at most kMaxIdBytes.
// INVALID_ARGUMENT naming the parameter `name` otherwise. Every id that
// enters the service passes through here, whichever door it came in by.
absl::Status CheckId(absl::string_view name, const std::string& value);

}  // namespace insights

#endif  // INSIGHTS_COMMON_ID_CHECK_H_
