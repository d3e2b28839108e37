#include "common/rest_json.h"

#include <charconv>
#include <cstdio>
#include <cmath>

#include <absl/strings/escaping.h>
#include <absl/strings/str_cat.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

namespace insights {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// The text is written straight into one string rather than through a JSON
// document: answers are rendered on every REST call, and building a
// document of small objects cost more than the rest of the call.

bool NeedsEscape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

void AppendEscaped(char c, std::string& out) {
  switch (c) {
    case '"':
      out.append("\\\"");
      return;
    case '\\':
      out.append("\\\\");
      return;
    case '\n':
      out.append("\\n");
      return;
    case '\r':
      out.append("\\r");
      return;
    case '\t':
      out.append("\\t");
      return;
    default: {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out.append(escaped);
    }
  }
}

void AppendQuoted(absl::string_view text, std::string& out) {
  out.push_back('"');
  // Copies runs of plain characters at once; ids and names rarely need
  // escaping at all.
  size_t run_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!NeedsEscape(text[i])) continue;
    out.append(text.data() + run_start, i - run_start);
    AppendEscaped(text[i], out);
    run_start = i + 1;
  }
  out.append(text.data() + run_start, text.size() - run_start);
  out.push_back('"');
}

void AppendDouble(double value, std::string& out) {
  // JSON has no NaN or infinities; write them as protobuf's JSON does.
  if (std::isnan(value)) {
    out.append("\"NaN\"");
    return;
  }
  if (std::isinf(value)) {
    out.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    return;
  }
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out.append(buffer, end);  // the shortest text that reads back exactly
}

void AppendMessage(const Message& message, std::string& out);

void AppendValue(const Message& message, const FieldDescriptor& field,
                 int index, std::string& out) {
  const Reflection& r = *message.GetReflection();
  const bool rep = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrAppend(&out,
                             rep ? r.GetRepeatedInt32(message, &field, index)
                                 : r.GetInt32(message, &field));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrAppend(&out,
                             rep ? r.GetRepeatedInt64(message, &field, index)
                                 : r.GetInt64(message, &field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrAppend(&out,
                             rep ? r.GetRepeatedUInt32(message, &field, index)
                                 : r.GetUInt32(message, &field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrAppend(&out,
                             rep ? r.GetRepeatedUInt64(message, &field, index)
                                 : r.GetUInt64(message, &field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return AppendDouble(rep ? r.GetRepeatedDouble(message, &field, index)
                              : r.GetDouble(message, &field),
                          out);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return AppendDouble(rep ? r.GetRepeatedFloat(message, &field, index)
                              : r.GetFloat(message, &field),
                          out);
    case FieldDescriptor::CPPTYPE_BOOL: {
      const bool value = rep ? r.GetRepeatedBool(message, &field, index)
                             : r.GetBool(message, &field);
      out.append(value ? "true" : "false");
      return;
    }
    case FieldDescriptor::CPPTYPE_ENUM:
      return AppendQuoted((rep ? r.GetRepeatedEnum(message, &field, index)
                               : r.GetEnum(message, &field))
                              ->name(),
                          out);
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& text =
          rep ? r.GetRepeatedStringReference(message, &field, index, &scratch)
              : r.GetStringReference(message, &field, &scratch);
      return AppendQuoted(field.type() == FieldDescriptor::TYPE_BYTES
                              ? absl::Base64Escape(text)
                              : text,
                          out);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return AppendMessage(rep ? r.GetRepeatedMessage(message, &field, index)
                               : r.GetMessage(message, &field),
                           out);
  }
}

void AppendField(const Message& message, const FieldDescriptor& field,
                 std::string& out) {
  const Reflection& reflection = *message.GetReflection();
  AppendQuoted(field.json_name(), out);
  out.push_back(':');
  if (field.is_repeated()) {
    out.push_back('[');
    for (int j = 0; j < reflection.FieldSize(message, &field); ++j) {
      if (j > 0) out.push_back(',');
      AppendValue(message, field, j, out);
    }
    out.push_back(']');
  } else if (field.has_presence() &&
             field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE &&
             !reflection.HasField(message, &field)) {
    out.append("null");
  } else {
    AppendValue(message, field, 0, out);
  }
}

void AppendMessage(const Message& message, std::string& out) {
  const auto* descriptor = message.GetDescriptor();
  if (descriptor->full_name() == "google.protobuf.Timestamp") {
    return AppendQuoted(
        google::protobuf::util::TimeUtil::ToString(
            static_cast<const google::protobuf::Timestamp&>(message)),
        out);
  }
  const Reflection& reflection = *message.GetReflection();
  out.push_back('{');
  bool first = true;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor& field = *descriptor->field(i);
    if (field.real_containing_oneof() != nullptr &&
        !reflection.HasField(message, &field)) {
      continue;  // only the chosen member of a oneof is shown
    }
    if (!first) out.push_back(',');
    first = false;
    AppendField(message, field, out);
  }
  out.push_back('}');
}

}  // namespace

std::string ToRestJsonString(const Message& message) {
  std::string out;
  out.reserve(1024);
  AppendMessage(message, out);
  return out;
}

nlohmann::ordered_json ToRestJson(const Message& message) {
  return nlohmann::ordered_json::parse(ToRestJsonString(message));
}

}  // namespace insights
