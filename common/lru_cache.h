#ifndef INSIGHTS_COMMON_LRU_CACHE_H_
#define INSIGHTS_COMMON_LRU_CACHE_H_

#include <absl/container/flat_hash_map.h>
#include <absl/strings/string_view.h>

#include <cstddef>
#include <list>
#include <string>
#include <utility>

namespace insights {

// A map from string keys to values that keeps the `capacity` most recently
// used entries. Not thread-safe: every cache built on it holds its own lock.
template <typename Value>
class LruCache final {
 public:
  explicit LruCache(size_t capacity) : capacity_(capacity) {}

  // The value under `key`, which becomes the most recently used; nullptr
  // when absent. Valid until the next Insert or Clear.
  const Value* Find(absl::string_view key) {
    auto hit = index_.find(key);
    if (hit == index_.end()) return nullptr;
    recent_.splice(recent_.begin(), recent_, hit->second);
    return &hit->second->value;
  }

  // Keeps `value` under `key`, replacing what was there; the least recently
  // used entry goes when the cache is full.
  void Insert(std::string key, Value value) {
    if (capacity_ == 0) return;
    if (auto hit = index_.find(key); hit != index_.end()) {
      hit->second->value = std::move(value);
      recent_.splice(recent_.begin(), recent_, hit->second);
      return;
    }
    recent_.push_front(Entry{std::move(key), std::move(value)});
    // The index points into the list's own copy of the key: list nodes
    // never move, and the key is stored once.
    index_.emplace(recent_.front().key, recent_.begin());
    if (recent_.size() > capacity_) {
      index_.erase(recent_.back().key);
      recent_.pop_back();
    }
  }

  void Clear() {
    index_.clear();
    recent_.clear();
  }

  size_t size() const { return recent_.size(); }

 private:
  struct Entry {
    std::string key;
    Value value;
  };

  const size_t capacity_;
  std::list<Entry> recent_;  // most recent first
  absl::flat_hash_map<absl::string_view, typename std::list<Entry>::iterator>
      index_;
};

}  // namespace insights

#endif  // INSIGHTS_COMMON_LRU_CACHE_H_
