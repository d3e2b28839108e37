#include "server/store/image_set_sql.h"

#include <memory>

#include "server/store/image_set.h"

namespace insights {
namespace {

ImageSet ReadArgument(sqlite3_value* value) {
  const void* blob = sqlite3_value_blob(value);
  const int size = sqlite3_value_bytes(value);
  if (blob == nullptr || size <= 0) return ImageSet();
  return ImageSet::FromBlob(
      absl::string_view(static_cast<const char*>(blob), size));
}

// The running union of an aggregate, owned through SQLite's context memory.
ImageSetUnion* Accumulator(sqlite3_context* context, bool create) {
  auto** slot = static_cast<ImageSetUnion**>(
      sqlite3_aggregate_context(context, create ? sizeof(ImageSetUnion*) : 0));
  if (slot == nullptr) return nullptr;
  if (*slot == nullptr && create) *slot = new ImageSetUnion();
  return *slot;
}

void UnionStep(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) != SQLITE_BLOB) return;
  ImageSetUnion* set = Accumulator(context, true);
  if (set == nullptr) return sqlite3_result_error_nomem(context);
  set->Add(ReadArgument(args[0]));
}

// The union, with the accumulator taken out of SQLite's memory and freed.
ImageSet TakeAccumulator(sqlite3_context* context) {
  auto** slot =
      static_cast<ImageSetUnion**>(sqlite3_aggregate_context(context, 0));
  if (slot == nullptr || *slot == nullptr) return ImageSet();
  std::unique_ptr<ImageSetUnion> accumulator(*slot);
  *slot = nullptr;
  return accumulator->Take();
}

void UnionFinal(sqlite3_context* context) {
  const std::string blob = TakeAccumulator(context).ToBlob();
  sqlite3_result_blob(context, blob.data(), static_cast<int>(blob.size()),
                      SQLITE_TRANSIENT);
}

void UnionCountFinal(sqlite3_context* context) {
  sqlite3_result_int64(
      context, static_cast<sqlite3_int64>(TakeAccumulator(context).Count()));
}

void CountUnion(sqlite3_context* context, int, sqlite3_value** args) {
  sqlite3_result_int64(
      context, static_cast<sqlite3_int64>(
                   ReadArgument(args[0]).CountUnion(ReadArgument(args[1]))));
}

void CountWithout(sqlite3_context* context, int, sqlite3_value** args) {
  sqlite3_result_int64(
      context, static_cast<sqlite3_int64>(
                   ReadArgument(args[0]).CountWithout(ReadArgument(args[1]))));
}

}  // namespace

absl::Status RegisterImageSetFunctions(sqlite3* db) {
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  const bool ok =
      sqlite3_create_function(db, "image_union", 1, kFlags, nullptr, nullptr,
                              UnionStep, UnionFinal) == SQLITE_OK &&
      sqlite3_create_function(db, "image_union_count", 1, kFlags, nullptr,
                              nullptr, UnionStep,
                              UnionCountFinal) == SQLITE_OK &&
      sqlite3_create_function(db, "image_count_union", 2, kFlags, nullptr,
                              CountUnion, nullptr, nullptr) == SQLITE_OK &&
      sqlite3_create_function(db, "image_count_without", 2, kFlags, nullptr,
                              CountWithout, nullptr, nullptr) == SQLITE_OK;
  if (!ok) return absl::InternalError("cannot register image set functions");
  return absl::OkStatus();
}

}  // namespace insights
