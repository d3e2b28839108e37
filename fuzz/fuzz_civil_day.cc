// Fuzzes ParseCivilDay, the parser of startDate and endDate. Beyond not
// crashing: whatever it accepts must format back to the very same text (the
// parser takes exactly one spelling of each day), and the day of any valid
// timestamp must format to a day the parser accepts.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "server/stats/civil_day.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (std::optional<insights::CivilDay> day = insights::ParseCivilDay(text)) {
    if (insights::FormatCivilDay(*day) != text) __builtin_trap();
  }
  if (size >= sizeof(int64_t)) {
    int64_t seconds = 0;
    std::memcpy(&seconds, data, sizeof seconds);
    // google.protobuf.Timestamp's range: years 1 to 9999, as the server
    // accepts for event times.
    constexpr int64_t kMin = -62135596800, kMax = 253402300799;
    const int64_t span = kMax - kMin + 1;
    seconds = kMin + static_cast<int64_t>(static_cast<uint64_t>(seconds) %
                                          static_cast<uint64_t>(span));
    const std::string formatted =
        insights::FormatCivilDay(insights::CivilDayOfUnixSeconds(seconds));
    const auto back = insights::ParseCivilDay(formatted);
    if (!back || *back != insights::CivilDayOfUnixSeconds(seconds)) {
      __builtin_trap();
    }
  }
  return 0;
}
