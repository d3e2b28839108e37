#ifndef INSIGHTS_SERVER_STORE_IMAGE_SET_SQL_H_
#define INSIGHTS_SERVER_STORE_IMAGE_SET_SQL_H_

#include <absl/status/status.h>
#include <sqlite3.h>

namespace insights {

// Teaches a connection to work on ImageSet blobs, so that queries union and
// count image sets inside SQLite:
//   image_union(blob)            aggregate: the union, as a blob
//   image_union_count(blob)      aggregate: the size of the union
//   image_count_union(a, b)      |a ∪ b|
//   image_count_without(a, b)    |a \ b|
// NULL and empty blobs are empty sets.
absl::Status RegisterImageSetFunctions(sqlite3* db);

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_IMAGE_SET_SQL_H_
