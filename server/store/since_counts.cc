#include "server/store/since_counts.h"

#include <algorithm>

namespace insights {
namespace {

constexpr size_t kEntryBytes = 8;

// Little-endian whatever the host, so that files move between machines.
int32_t LoadInt32(const char* at) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(at[i]);
  }
  return static_cast<int32_t>(value);
}

void StoreInt32(char* at, int32_t signed_value) {
  auto value = static_cast<uint32_t>(signed_value);
  for (int i = 0; i < 4; ++i, value >>= 8) {
    at[i] = static_cast<char>(value & 0xff);
  }
}

}  // namespace

SinceCounts SinceCounts::FromBlob(absl::string_view blob) {
  SinceCounts counts;
  if (blob.size() % kEntryBytes != 0) return counts;
  counts.entries_.reserve(blob.size() / kEntryBytes);
  for (size_t at = 0; at < blob.size(); at += kEntryBytes) {
    counts.entries_.emplace_back(LoadInt32(blob.data() + at),
                                 LoadInt32(blob.data() + at + 4));
  }
  return counts;
}

std::string SinceCounts::ToBlob() const {
  std::string blob(entries_.size() * kEntryBytes, '\0');
  char* at = blob.data();
  for (const auto& [day, count] : entries_) {
    StoreInt32(at, day);
    StoreInt32(at + 4, static_cast<int32_t>(count));
    at += kEntryBytes;
  }
  return blob;
}

void SinceCounts::Add(CivilDay since, int64_t delta) {
  auto at = std::lower_bound(
      entries_.begin(), entries_.end(), since,
      [](const auto& entry, CivilDay day) { return entry.first < day; });
  if (at != entries_.end() && at->first == since) {
    at->second += delta;
    if (at->second == 0) entries_.erase(at);
  } else if (delta != 0) {
    entries_.insert(at, {since, delta});
  }
}

void SinceCounts::AddAll(const SinceCounts& other) {
  for (const auto& [day, count] : other.entries_) Add(day, count);
}

int64_t SinceCounts::CountBefore(CivilDay day) const {
  int64_t count = 0;
  for (const auto& [since, images] : entries_) {
    if (since >= day) break;
    count += images;
  }
  return count;
}

int64_t SinceCounts::CountBefore(absl::string_view blob, CivilDay day) {
  if (blob.size() % kEntryBytes != 0) return 0;
  int64_t count = 0;
  for (size_t at = 0; at < blob.size(); at += kEntryBytes) {
    if (LoadInt32(blob.data() + at) >= day) break;
    count += LoadInt32(blob.data() + at + 4);
  }
  return count;
}

}  // namespace insights
