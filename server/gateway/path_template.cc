#include "server/gateway/path_template.h"

#include <absl/status/status.h>
#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>

#include "server/gateway/url_decode.h"

namespace insights::gateway {
namespace {

constexpr absl::string_view kLiteralStops = "/{}*:=?#";

bool IsIdentStart(char c) { return absl::ascii_isalpha(c) || c == '_'; }
bool IsIdentChar(char c) { return absl::ascii_isalnum(c) || c == '_'; }

}  // namespace

absl::StatusOr<RequestPath> RequestPath::Parse(absl::string_view path) {
  if (path.empty() || path.front() != '/') {
    return absl::InvalidArgumentError("path must start with '/'");
  }
  RequestPath out;
  if (path.size() == 1) return out;  // "/" has no segments
  for (absl::string_view raw : absl::StrSplit(path.substr(1), '/')) {
    absl::StatusOr<std::string> decoded = UrlDecode(raw);
    if (!decoded.ok()) return decoded.status();
    out.raw.emplace_back(raw);
    out.decoded.push_back(std::move(*decoded));
  }
  return out;
}

// Recursive descent over the grammar of google/api/http.proto:
//   Template = "/" Segments [ Verb ] ;
//   Segments = Segment { "/" Segment } ;
//   Segment  = "*" | "**" | LITERAL | Variable ;
//   Variable = "{" FieldPath [ "=" Segments ] "}" ;
//   Verb     = ":" LITERAL ;
class PathTemplate::Parser {
 public:
  Parser(absl::string_view text, PathTemplate& out) : text_(text), out_(out) {}

  absl::Status Run() {
    if (!Consume('/')) return Error("must start with '/'");
    if (AtEnd()) return absl::OkStatus();  // "/" alone: the root
    if (absl::Status s = Segments(/*in_variable=*/false); !s.ok()) return s;
    if (Consume(':')) {
      out_.verb_ = Literal();
      if (out_.verb_.empty()) return Error("empty verb");
    }
    if (!AtEnd()) return Error(absl::StrCat("unexpected '", Rest(), "'"));
    for (size_t i = 0; i + 1 < out_.segments_.size(); ++i) {
      if (out_.segments_[i].kind == Kind::kMulti) {
        return Error("'**' must be the last segment");
      }
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Segments(bool in_variable) {
    do {
      if (absl::Status s = Segment(in_variable); !s.ok()) return s;
    } while (Consume('/'));
    return absl::OkStatus();
  }

  absl::Status Segment(bool in_variable) {
    if (Consume('*')) {
      out_.segments_.push_back(
          {Consume('*') ? Kind::kMulti : Kind::kSingle, ""});
      return absl::OkStatus();
    }
    if (Peek() == '{') {
      if (in_variable) return Error("variables cannot nest");
      return Variable();
    }
    std::string literal = Literal();
    if (literal.empty())
      return Error(absl::StrCat("empty segment before '", Rest(), "'"));
    out_.segments_.push_back({Kind::kLiteral, std::move(literal)});
    return absl::OkStatus();
  }

  absl::Status Variable() {
    Consume('{');
    std::string field_path = FieldPath();
    if (field_path.empty()) return Error("variable needs a field name");
    for (const auto& v : out_.variables_) {
      if (v.field_path == field_path)
        return Error(absl::StrCat("'", field_path, "' bound twice"));
    }
    const size_t begin = out_.segments_.size();
    if (Consume('=')) {
      if (absl::Status s = Segments(/*in_variable=*/true); !s.ok()) return s;
    } else {
      out_.segments_.push_back({Kind::kSingle, ""});
    }
    if (!Consume('}'))
      return Error(absl::StrCat("'{", field_path, "' is not closed"));
    out_.variables_.push_back(
        {std::move(field_path), begin, out_.segments_.size()});
    return absl::OkStatus();
  }

  std::string FieldPath() {
    std::string path;
    do {
      if (!path.empty()) path.push_back('.');
      if (AtEnd() || !IsIdentStart(Peek())) return "";
      while (!AtEnd() && IsIdentChar(Peek())) path.push_back(text_[pos_++]);
    } while (Consume('.'));
    return path;
  }

  std::string Literal() {
    std::string literal;
    while (!AtEnd() && kLiteralStops.find(Peek()) == absl::string_view::npos) {
      literal.push_back(text_[pos_++]);
    }
    return literal;
  }

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  absl::string_view Rest() const { return text_.substr(pos_); }
  bool Consume(char c) {
    if (Peek() != c || AtEnd()) return false;
    ++pos_;
    return true;
  }
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("path template \"", text_, "\": ", what));
  }

  absl::string_view text_;
  size_t pos_ = 0;
  PathTemplate& out_;
};

absl::StatusOr<PathTemplate> PathTemplate::Parse(absl::string_view text) {
  PathTemplate parsed;
  parsed.text_ = std::string(text);
  if (absl::Status s = Parser(text, parsed).Run(); !s.ok()) return s;
  return parsed;
}

std::optional<std::vector<PathBinding>> PathTemplate::Match(
    const RequestPath& path) const {
  const bool open_ended =
      !segments_.empty() && segments_.back().kind == Kind::kMulti;
  const size_t fixed = open_ended ? segments_.size() - 1 : segments_.size();
  if (open_ended ? path.raw.size() < fixed : path.raw.size() != fixed) {
    return std::nullopt;
  }

  // A verb is the suffix ":verb" of the last segment; without one, a ':' in
  // the last segment is part of its value.
  std::string last_decoded;
  if (!verb_.empty()) {
    if (path.raw.empty()) return std::nullopt;
    absl::string_view last = path.raw.back();
    if (!absl::ConsumeSuffix(&last, absl::StrCat(":", verb_)))
      return std::nullopt;
    last_decoded = UrlDecode(last).value_or("");  // decoded once already
  }
  auto decoded_at = [&](size_t i) -> const std::string& {
    return !verb_.empty() && i + 1 == path.raw.size() ? last_decoded
                                                      : path.decoded[i];
  };

  for (size_t i = 0; i < fixed; ++i) {
    const Segment& segment = segments_[i];
    const std::string& value = decoded_at(i);
    if (segment.kind == Kind::kLiteral ? value != segment.literal
                                       : value.empty()) {
      return std::nullopt;
    }
  }

  std::vector<PathBinding> bindings;
  bindings.reserve(variables_.size());
  for (const Variable& variable : variables_) {
    if (variable.end == variable.begin + 1 &&
        segments_[variable.begin].kind == Kind::kSingle) {
      bindings.push_back({variable.field_path, decoded_at(variable.begin)});
    } else {
      const size_t end =
          variable.end == segments_.size() ? path.raw.size() : variable.end;
      bindings.push_back(
          {variable.field_path, VariableValue(variable, path, end)});
    }
  }
  return bindings;
}

// A value spanning segments: each decoded but for "%2F", so that a '/' in it
// is always a separator.
std::string PathTemplate::VariableValue(const Variable& variable,
                                        const RequestPath& path,
                                        size_t path_end) const {
  std::vector<std::string> parts;
  for (size_t i = variable.begin; i < path_end; ++i) {
    absl::string_view raw = path.raw[i];
    if (!verb_.empty() && i + 1 == path.raw.size()) {
      raw.remove_suffix(verb_.size() + 1);  // the verb is never encoded
    }
    // The path was decoded once already, so this cannot fail.
    DecodeOptions options;
    options.keep_encoded_slash = true;
    parts.push_back(UrlDecode(raw, options).value_or(""));
  }
  return absl::StrJoin(parts, "/");
}

std::vector<std::string> PathTemplate::VariableFieldPaths() const {
  std::vector<std::string> paths;
  for (const Variable& variable : variables_)
    paths.push_back(variable.field_path);
  return paths;
}

std::string PathTemplate::VariablePattern(absl::string_view field_path) const {
  for (const Variable& variable : variables_) {
    if (variable.field_path != field_path) continue;
    std::vector<std::string> parts;
    for (size_t i = variable.begin; i < variable.end; ++i) {
      const Segment& segment = segments_[i];
      parts.push_back(segment.kind == Kind::kLiteral  ? segment.literal
                      : segment.kind == Kind::kSingle ? "*"
                                                      : "**");
    }
    return absl::StrJoin(parts, "/");
  }
  return "";
}

int PathTemplate::literal_count() const {
  int count = 0;
  for (const Segment& segment : segments_)
    count += segment.kind == Kind::kLiteral;
  return count;
}

std::string PathTemplate::OpenApiPath() const {
  std::string out;
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Variable* variable = nullptr;
    for (const Variable& v : variables_) {
      if (v.begin <= i && i < v.end) variable = &v;
    }
    if (variable != nullptr && variable->begin != i) continue;
    absl::StrAppend(&out, "/");
    if (variable != nullptr) {
      absl::StrAppend(&out, "{", variable->field_path, "}");
    } else if (segments_[i].kind == Kind::kLiteral) {
      absl::StrAppend(&out, segments_[i].literal);
    } else {
      absl::StrAppend(&out, segments_[i].kind == Kind::kSingle ? "*" : "**");
    }
  }
  if (out.empty()) out = "/";
  if (!verb_.empty()) absl::StrAppend(&out, ":", verb_);
  return out;
}

}  // namespace insights::gateway
