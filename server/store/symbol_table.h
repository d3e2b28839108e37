#ifndef INSIGHTS_SERVER_STORE_SYMBOL_TABLE_H_
#define INSIGHTS_SERVER_STORE_SYMBOL_TABLE_H_

#include <cstdint>
#include <string>
#include <utility>

#include <absl/container/flat_hash_map.h>
#include <absl/status/statusor.h>

#include "server/store/sqlite_handle.h"

namespace insights {

// Kinds of ids that events repeat millions of times. Within a scope (a
// workspace's code; 0 for workspaces themselves) each kind's codes are dense
// from 0, which keeps event rows small and makes image codes good members
// of an ImageSet.
enum class SymbolKind : int64_t {
  kWorkspace = 0,
  kProject = 1,
  kLabeler = 2,
  kImage = 3,
};

// Assigns and remembers codes in the `symbols` table, for the writer only.
// Codes assigned inside a transaction are cached only once it commits:
// call Committed() after COMMIT and RolledBack() after a rollback. The
// cache is bounded; when full it starts over. Not thread-safe: it belongs to
// the writer connection.
class SymbolTable final {
 public:
  // Returns the code of `text`, creating it when new (inside the caller's
  // transaction).
  absl::StatusOr<int64_t> Intern(Connection& db, int64_t scope, SymbolKind kind,
                                 const std::string& text);
  // Returns the code of `text`, or -1 when it has none.
  absl::StatusOr<int64_t> Find(Connection& db, int64_t scope, SymbolKind kind,
                               const std::string& text);

  // Whether `text` got its code in the current transaction, so that
  // nothing committed before refers to it.
  bool IsPending(int64_t scope, SymbolKind kind, const std::string& text) const;

  void Committed();
  void RolledBack();

 private:
  using Space = std::pair<int64_t, int64_t>;  // (scope, kind)
  // Per space, text to code; looked up without copying the text.
  using Codes =
      absl::flat_hash_map<Space, absl::flat_hash_map<std::string, int64_t>>;

  absl::StatusOr<int64_t> NextCode(Connection& db, const Space& space);

  static constexpr size_t kMaxCached = 2'000'000;
  Codes cached_;
  size_t cached_count_ = 0;
  Codes pending_;
  absl::flat_hash_map<Space, int64_t> next_code_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_SYMBOL_TABLE_H_
