#ifndef INSIGHTS_SERVER_STORE_IMAGE_SET_H_
#define INSIGHTS_SERVER_STORE_IMAGE_SET_H_

#include <cstdint>
#include <string>

#include <absl/strings/string_view.h>
#include <roaring/roaring.hh>

namespace insights {

// A set of image ordinals (see SymbolTable), stored as a compressed bitmap:
// a few bytes per image however the ordinals cluster, and unions of
// thousands of sets in milliseconds. Serialized in CRoaring's portable
// format. Not thread-safe.
class ImageSet final {
 public:
  ImageSet() = default;

  // Reads a serialized set; an empty or malformed blob reads as empty.
  static ImageSet FromBlob(absl::string_view blob);
  // The portable serialization; empty for an empty set.
  std::string ToBlob() const;

  void Add(uint32_t ordinal) { bitmap_.add(ordinal); }
  void AddAll(const ImageSet& other) { bitmap_ |= other.bitmap_; }
  uint64_t Count() const { return bitmap_.cardinality(); }
  uint64_t CountUnion(const ImageSet& other) const {
    return bitmap_.or_cardinality(other.bitmap_);
  }
  uint64_t CountWithout(const ImageSet& other) const {
    return bitmap_.andnot_cardinality(other.bitmap_);
  }

 private:
  Roaring bitmap_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_IMAGE_SET_H_
