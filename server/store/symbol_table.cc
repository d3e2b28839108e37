#include "server/store/symbol_table.h"

namespace insights {

absl::StatusOr<int64_t> SymbolTable::Find(Connection& db, int64_t scope,
                                          SymbolKind kind,
                                          const std::string& text) {
  const Space space{scope, static_cast<int64_t>(kind)};
  for (Codes* codes : {&cached_, &pending_}) {
    auto in_space = codes->find(space);
    if (in_space == codes->end()) continue;
    auto hit = in_space->second.find(text);
    if (hit != in_space->second.end()) return hit->second;
  }

  auto select = db.PrepareCached(
      "SELECT code FROM symbols WHERE scope = ? AND kind = ? AND text = ?");
  if (!select.ok()) return select.status();
  Statement& query = **select;
  query.Bind(1, scope);
  query.Bind(2, static_cast<int64_t>(kind));
  query.Bind(3, text);
  absl::StatusOr<bool> found = query.Step();
  if (!found.ok()) return found.status();
  if (!*found) return -1;
  const int64_t code = query.Int(0);
  query.Reset();
  if (cached_count_ >= kMaxCached) {
    cached_.clear();
    cached_count_ = 0;
  }
  cached_[space].emplace(text, code);
  ++cached_count_;
  return code;
}

absl::StatusOr<int64_t> SymbolTable::Intern(Connection& db, int64_t scope,
                                            SymbolKind kind,
                                            const std::string& text) {
  absl::StatusOr<int64_t> known = Find(db, scope, kind, text);
  if (!known.ok() || *known >= 0) return known;

  const Space space{scope, static_cast<int64_t>(kind)};
  absl::StatusOr<int64_t> code = NextCode(db, space);
  if (!code.ok()) return code;
  auto insert = db.PrepareCached(
      "INSERT INTO symbols (scope, kind, text, code) VALUES (?, ?, ?, ?)");
  if (!insert.ok()) return insert.status();
  Statement& add = **insert;
  add.Bind(1, scope);
  add.Bind(2, space.second);
  add.Bind(3, text);
  add.Bind(4, *code);
  absl::Status done = add.Run();
  if (!done.ok()) return done;
  auto save = db.PrepareCached(
      "INSERT INTO symbol_spaces (scope, kind, next_code) VALUES (?, ?, ?)"
      " ON CONFLICT (scope, kind) DO UPDATE SET next_code = "
      "excluded.next_code");
  if (!save.ok()) return save.status();
  (*save)->Bind(1, scope);
  (*save)->Bind(2, space.second);
  (*save)->Bind(3, *code + 1);
  done = (*save)->Run();
  if (!done.ok()) return done;
  next_code_[space] = *code + 1;
  pending_[space].emplace(text, *code);
  return code;
}

absl::StatusOr<int64_t> SymbolTable::NextCode(Connection& db,
                                              const Space& space) {
  if (auto next = next_code_.find(space); next != next_code_.end()) {
    return next->second;
  }
  auto select = db.Prepare(
      "SELECT COALESCE(MAX(next_code), 0) FROM symbol_spaces"
      " WHERE scope = ? AND kind = ?");
  if (!select.ok()) return select.status();
  select->Bind(1, space.first);
  select->Bind(2, space.second);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  return select->Int(0);
}

bool SymbolTable::IsPending(int64_t scope, SymbolKind kind,
                            const std::string& text) const {
  auto in_space = pending_.find(Space{scope, static_cast<int64_t>(kind)});
  return in_space != pending_.end() && in_space->second.contains(text);
}

void SymbolTable::Committed() {
  for (auto& [space, codes] : pending_) {
    if (cached_count_ + codes.size() > kMaxCached) {
      cached_.clear();
      cached_count_ = 0;
    }
    cached_count_ += codes.size();
    cached_[space].merge(codes);
  }
  pending_.clear();
}

void SymbolTable::RolledBack() {
  // The rolled-back codes are free again; recount from the table next time.
  pending_.clear();
  next_code_.clear();
}

}  // namespace insights
