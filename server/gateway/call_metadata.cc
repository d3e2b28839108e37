#include "server/gateway/call_metadata.h"

#include <absl/status/status.h>
#include <absl/strings/ascii.h>
#include <absl/strings/escaping.h>
#include <absl/strings/match.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/strip.h>

namespace insights::gateway {
namespace {

constexpr absl::string_view kMetadataPrefix = "grpc-metadata-";
constexpr size_t kMaxTimeoutDigits = 8;

// Names the transport sets itself; a caller's copy would break the call.
constexpr absl::string_view kReservedNames[] = {"content-type", "te", "host",
                                                "connection", "user-agent"};

bool IsValidMetadataName(absl::string_view name) {
  if (name.empty() || absl::StartsWith(name, "grpc-")) return false;
  for (absl::string_view reserved : kReservedNames) {
    if (name == reserved) return false;
  }
  for (char c : name) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-' &&
        c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

bool IsPrintableAscii(absl::string_view value) {
  for (char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

absl::Status HeaderError(absl::string_view header, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("header ", header, " ", what));
}

absl::Status AddForwarded(absl::string_view header, absl::string_view name,
                          absl::string_view value, CallMetadata& out) {
  if (!IsValidMetadataName(name)) {
    return HeaderError(header, "names metadata gRPC reserves or cannot carry");
  }
  std::string carried;
  if (absl::EndsWith(name, "-bin")) {
    if (!absl::Base64Unescape(value, &carried))
      return HeaderError(header, "is not base64");
  } else if (!IsPrintableAscii(value)) {
    return HeaderError(header, "holds bytes gRPC metadata cannot carry");
  } else {
    carried = std::string(value);
  }
  out.entries.emplace_back(std::string(name), std::move(carried));
  return absl::OkStatus();
}

}  // namespace

std::optional<std::chrono::nanoseconds> ParseGrpcTimeout(
    absl::string_view text) {
  if (text.size() < 2 || text.size() > kMaxTimeoutDigits + 1)
    return std::nullopt;
  int64_t amount;
  const absl::string_view digits = text.substr(0, text.size() - 1);
  for (char c : digits) {
    if (!absl::ascii_isdigit(c)) return std::nullopt;
  }
  if (!absl::SimpleAtoi(digits, &amount)) return std::nullopt;
  switch (text.back()) {
    case 'H':
      return std::chrono::hours(amount);
    case 'M':
      return std::chrono::minutes(amount);
    case 'S':
      return std::chrono::seconds(amount);
    case 'm':
      return std::chrono::milliseconds(amount);
    case 'u':
      return std::chrono::microseconds(amount);
    case 'n':
      return std::chrono::nanoseconds(amount);
    default:
      return std::nullopt;
  }
}

absl::StatusOr<CallMetadata> MetadataFromHeaders(const HeaderList& headers) {
  CallMetadata out;
  for (const auto& [name, value] : headers) {
    if (name == "x-api-key" || name == "authorization") {
      if (absl::Status s = AddForwarded(name, name, value, out); !s.ok())
        return s;
    } else if (name == "grpc-timeout") {
      out.timeout = ParseGrpcTimeout(value);
      if (!out.timeout) {
        return HeaderError("Grpc-Timeout",
                           "must be 1 to 8 digits and a unit (H M S m u n)");
      }
    } else if (absl::StartsWith(name, kMetadataPrefix)) {
      absl::string_view forwarded = absl::StripPrefix(name, kMetadataPrefix);
      if (absl::Status s = AddForwarded(name, forwarded, value, out); !s.ok())
        return s;
    }
  }
  return out;
}

}  // namespace insights::gateway
