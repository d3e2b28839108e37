#ifndef INSIGHTS_SERVER_GATEWAY_PATH_TEMPLATE_H_
#define INSIGHTS_SERVER_GATEWAY_PATH_TEMPLATE_H_

#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace insights::gateway {

// A request path split at '/' once, so that every route can match it without
// splitting again. Segments keep their percent-encoding: a variable that
// spans several segments must not turn an encoded "%2F" into a separator.
struct RequestPath {
  // Splits an origin-form path ("/a/b", without the query). Errors:
  // INVALID_ARGUMENT when it does not start with '/' or holds a bad "%XX".
  static absl::StatusOr<RequestPath> Parse(absl::string_view path);

  std::vector<std::string> raw;      // as sent
  std::vector<std::string> decoded;  // each fully percent-decoded
};

// One variable bound by a match: the request field it names ("a.b") and its
// percent-decoded value.
struct PathBinding {
  std::string field_path;
  std::string value;
};

// A google.api.http path template, such as "/v1/{name=shelves/*}/books" or
// "/{workspace}/stats", parsed once and then matched against request paths.
//
// Supported: literals, `*` (one non-empty segment), `**` (zero or more
// segments; only as the last segment), variables `{a.b}` (one segment) and
// `{a.b=segments}`, and a trailing `:verb`. A one-segment variable's value
// is fully decoded; a wider one keeps "%2F" so that its '/' stay
// unambiguous. Immutable after Parse, so safe to share between threads.
class PathTemplate final {
 public:
  // Errors: INVALID_ARGUMENT naming the template and what is wrong.
  static absl::StatusOr<PathTemplate> Parse(absl::string_view text);

  // The variables' bindings when `path` matches, else nullopt.
  std::optional<std::vector<PathBinding>> Match(const RequestPath& path) const;

  // The template as written.
  const std::string& text() const { return text_; }

  // The field paths of the variables, in order.
  std::vector<std::string> VariableFieldPaths() const;

  // The segments a variable matches, as written ("*" for "{a}",
  // "shelves/*" for "{a=shelves/*}"); empty for an unknown variable.
  std::string VariablePattern(absl::string_view field_path) const;

  // Literal segments: among several matching templates the one with more
  // literals is the more specific.
  int literal_count() const;

  // The OpenAPI form: every variable as "{a.b}", whatever it spans.
  std::string OpenApiPath() const;

 private:
  enum class Kind { kLiteral, kSingle, kMulti };
  struct Segment {
    Kind kind;
    std::string literal;
  };
  struct Variable {
    std::string field_path;
    size_t begin;  // first segment
    size_t end;    // one past the last segment
  };
  class Parser;

  std::string VariableValue(const Variable& variable, const RequestPath& path,
                            size_t path_end) const;

  std::string text_;
  std::vector<Segment> segments_;
  std::vector<Variable> variables_;
  std::string verb_;
};

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_PATH_TEMPLATE_H_
