#include "server/store/image_set.h"

#include <roaring/containers/containers.h>

namespace insights {

ImageSet ImageSet::FromBlob(absl::string_view blob) {
  ImageSet set;
  if (blob.empty()) return set;
  roaring_bitmap_t* read =
      roaring_bitmap_portable_deserialize_safe(blob.data(), blob.size());
  if (read == nullptr) return set;
  set.bitmap_ = Roaring(read);
  return set;
}

std::string ImageSet::ToBlob() const {
  if (bitmap_.isEmpty()) return {};
  Roaring compact = bitmap_;
  compact.runOptimize();
  std::string blob(compact.getSizeInBytes(/*portable=*/true), '\0');
  compact.write(blob.data(), /*portable=*/true);
  return blob;
}

uint64_t ImageSetUnion::Count() const {
  // A lazy merge leaves a bitset's count unknown; the other kinds of
  // container keep theirs exact.
  const roaring_array_t& chunks = bitmap_.roaring.high_low_container;
  uint64_t count = 0;
  for (int32_t i = 0; i < chunks.size; ++i) {
    uint8_t type = chunks.typecodes[i];
    const void* chunk = container_unwrap_shared(chunks.containers[i], &type);
    count += type == BITSET_CONTAINER_TYPE_CODE
                 ? bitset_container_compute_cardinality(
                       static_cast<const bitset_container_t*>(chunk))
                 : container_get_cardinality(chunk, type);
  }
  return count;
}

}  // namespace insights
