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

  // The ordinals, in increasing order.
  Roaring::const_iterator begin() const { return bitmap_.begin(); }
  const Roaring::const_iterator& end() const { return bitmap_.end(); }

 private:
  friend class ImageSetUnion;
  Roaring bitmap_;
};

// The size of the union of many sets, for the SQL aggregates. Merging them
// one by one into a plain ImageSet redoes each container's upkeep (its
// count, its choice of array, run or bitset) after every merge, which made
// sorted arrays merge again and again and cost most of a query over
// millions of images. Here each merge is lazy, on bitsets, and only the
// count is ever asked: the containers are counted as they are, never
// converted back to the compact forms a stored set would need.
class ImageSetUnion final {
 public:
  void Add(const ImageSet& set) {
    roaring_bitmap_lazy_or_inplace(&bitmap_.roaring, &set.bitmap_.roaring,
                                   /*bitsetconversion=*/true);
  }
  uint64_t Count() const;

 private:
  Roaring bitmap_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_IMAGE_SET_H_
