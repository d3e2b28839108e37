#include "server/gateway/url_decode.h"

#include <absl/status/status.h>

namespace insights::gateway {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> UrlDecode(absl::string_view text,
                                      DecodeOptions options) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && options.plus_is_space) {
      out.push_back(' ');
      continue;
    }
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    const int high = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
    const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (high < 0 || low < 0) {
      return absl::InvalidArgumentError(
          "'%' must be followed by two hex digits");
    }
    const char decoded = static_cast<char>(high * 16 + low);
    if (decoded == '/' && options.keep_encoded_slash) {
      out.append(text.data() + i, 3);
    } else {
      out.push_back(decoded);
    }
    i += 2;
  }
  return out;
}

}  // namespace insights::gateway
