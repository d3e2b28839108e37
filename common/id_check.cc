#include "common/id_check.h"

#include <absl/strings/str_cat.h>
#include <google/protobuf/stubs/common.h>

#include "common/limits.h"

namespace insights {

absl::Status CheckId(absl::string_view name, const std::string& value) {
  if (value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(name, " is missing"));
  }
  if (value.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, " is ", value.size(), " bytes long; the limit is ", kMaxIdBytes));
  }
  if (!google::protobuf::internal::IsStructurallyValidUTF8(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " is not valid UTF-8"));
  }
  return absl::OkStatus();
}

}  // namespace insights
