#include "server/store/image_set.h"

#include <utility>

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

ImageSet ImageSetUnion::Take() {
  roaring_bitmap_repair_after_lazy(&bitmap_.roaring);
  ImageSet set;
  std::swap(set.bitmap_, bitmap_);
  return set;
}

}  // namespace insights
