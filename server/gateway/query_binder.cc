#include "server/gateway/query_binder.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/status/statusor.h>
#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_split.h>

#include <utility>

#include "server/gateway/field_value.h"
#include "server/gateway/url_decode.h"

namespace insights::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using FieldChain = std::vector<const FieldDescriptor*>;

// Parameter names are echoed in errors; a garbage one is cut short.
constexpr size_t kMaxNameBytes = 64;

absl::Status ParameterError(absl::string_view name, absl::string_view what) {
  std::string shown(name.substr(0, kMaxNameBytes));
  if (name.size() > kMaxNameBytes) shown += "...";
  return absl::InvalidArgumentError(
      absl::StrCat("query parameter \"", shown, "\" ", what));
}

const FieldDescriptor* FindField(const Descriptor& type,
                                 absl::string_view name) {
  if (const auto* field = type.FindFieldByName(std::string(name))) return field;
  for (int i = 0; i < type.field_count(); ++i) {
    if (type.field(i)->json_name() == name) return type.field(i);
  }
  return nullptr;
}

absl::string_view AliasedPath(const Descriptor& type, absl::string_view name,
                              const std::vector<QueryAlias>* aliases) {
  if (aliases == nullptr) return name;
  for (const QueryAlias& alias : *aliases) {
    if (alias.name == name && alias.message == type.full_name())
      return alias.field_path;
  }
  return name;
}

// The fields a dotted name walks through, the settable leaf last.
absl::StatusOr<FieldChain> Resolve(const Descriptor& type,
                                   absl::string_view name,
                                   const QueryRules& rules) {
  FieldChain chain;
  const Descriptor* current = &type;
  for (absl::string_view part :
       absl::StrSplit(AliasedPath(type, name, rules.aliases), '.')) {
    const FieldDescriptor* field =
        current ? FindField(*current, part) : nullptr;
    if (field == nullptr) return ParameterError(name, "is unknown");
    if (!chain.empty() && chain.back()->is_repeated()) {
      return ParameterError(name, "is inside a repeated field");
    }
    chain.push_back(field);
    current = IsTextSettable(*field) ? nullptr : field->message_type();
  }
  if (!IsTextSettable(*chain.back())) {
    return ParameterError(name, "names a message, not a value");
  }
  return chain;
}

std::string ProtoPath(const FieldChain& chain, size_t length) {
  std::string path;
  for (size_t i = 0; i < length; ++i) {
    absl::StrAppend(&path, i == 0 ? "" : ".", chain[i]->name());
  }
  return path;
}

// Whether one of two field paths lies within the other.
bool Overlap(absl::string_view a, absl::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  return absl::StartsWith(b, a) && (a.size() == b.size() || b[a.size()] == '.');
}

absl::Status CheckAllowed(absl::string_view name, absl::string_view path,
                          const QueryRules& rules) {
  if (rules.body == "*") {
    return ParameterError(name,
                          "is not accepted: the body carries the request");
  }
  if (!rules.body.empty() && Overlap(rules.body, path)) {
    return ParameterError(name, "is carried by the body");
  }
  for (const std::string& bound : rules.path_fields) {
    if (Overlap(bound, path))
      return ParameterError(name, "cannot override the path");
  }
  return absl::OkStatus();
}

// Remembers what was set, to refuse a second value for a single field or a
// second member of a oneof (which would silently clear the first).
class SeenFields {
 public:
  absl::Status Add(absl::string_view name, const FieldChain& chain) {
    for (size_t i = 0; i < chain.size(); ++i) {
      const auto* oneof = chain[i]->real_containing_oneof();
      if (oneof == nullptr) continue;
      const std::string key =
          absl::StrCat(ProtoPath(chain, i), "#", oneof->name());
      auto [it, inserted] = oneof_members_.emplace(key, chain[i]);
      if (!inserted && it->second != chain[i]) {
        return ParameterError(
            name,
            absl::StrCat("sets a second member of oneof ", oneof->name()));
      }
    }
    if (!chain.back()->is_repeated() &&
        !single_.insert(ProtoPath(chain, chain.size())).second) {
      return ParameterError(name, "is given more than once");
    }
    return absl::OkStatus();
  }

 private:
  absl::flat_hash_set<std::string> single_;
  absl::flat_hash_map<std::string, const FieldDescriptor*> oneof_members_;
};

absl::Status BindOne(absl::string_view name, absl::string_view value,
                     const QueryRules& rules, SeenFields& seen,
                     Message& message) {
  absl::StatusOr<FieldChain> chain =
      Resolve(*message.GetDescriptor(), name, rules);
  if (!chain.ok()) return chain.status();
  if (absl::Status s =
          CheckAllowed(name, ProtoPath(*chain, chain->size()), rules);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = seen.Add(name, *chain); !s.ok()) return s;

  Message* target = &message;
  for (size_t i = 0; i + 1 < chain->size(); ++i) {
    target = target->GetReflection()->MutableMessage(target, (*chain)[i]);
  }
  absl::Status set = SetFieldFromText(*target, *chain->back(), value);
  return set.ok() ? set : ParameterError(name, set.message());
}

}  // namespace

absl::Status BindQuery(absl::string_view query, const QueryRules& rules,
                       Message& message) {
  DecodeOptions form;
  form.plus_is_space = true;
  SeenFields seen;
  for (absl::string_view pair : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> raw =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    absl::StatusOr<std::string> name = UrlDecode(raw.first, form);
    if (!name.ok())
      return ParameterError(raw.first, "has a bad %-escape in its name");
    absl::StatusOr<std::string> value = UrlDecode(raw.second, form);
    if (!value.ok())
      return ParameterError(*name, "has a bad %-escape in its value");
    if (absl::Status s = BindOne(*name, *value, rules, seen, message); !s.ok())
      return s;
  }
  return absl::OkStatus();
}

}  // namespace insights::gateway
