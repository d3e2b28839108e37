#include "server/gateway/field_value.h"

#include <absl/strings/escaping.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/stubs/common.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <cstdint>
#include <string>

namespace insights::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Long enough to recognise a mistake, short enough for one log line.
constexpr size_t kMaxQuotedBytes = 40;

absl::Status NotA(absl::string_view text, absl::string_view what) {
  std::string shown(text.substr(0, kMaxQuotedBytes));
  if (text.size() > kMaxQuotedBytes) shown += "...";
  return absl::InvalidArgumentError(
      absl::StrCat("must be ", what, ", not \"", shown, "\""));
}

bool IsWrapper(const google::protobuf::Descriptor& type) {
  return type.file()->name() == "google/protobuf/wrappers.proto";
}

bool ParseBool(absl::string_view text, bool* out) {
  *out = text == "true" || text == "1";
  return *out || text == "false" || text == "0";
}

template <typename T>
using Setter = void (Reflection::*)(Message*, const FieldDescriptor*, T) const;

// Parses, then sets or appends; nothing changes when the text is bad.
template <typename T>
absl::Status SetParsed(Message& message, const FieldDescriptor& field,
                       absl::string_view text, absl::string_view what,
                       bool (*parse)(absl::string_view, T*), Setter<T> set,
                       Setter<T> add) {
  T value;
  if (!parse(text, &value)) return NotA(text, what);
  const Reflection& reflection = *message.GetReflection();
  (reflection.*(field.is_repeated() ? add : set))(&message, &field, value);
  return absl::OkStatus();
}

absl::Status SetNumberOrBool(Message& m, const FieldDescriptor& f,
                             absl::string_view text) {
  using R = Reflection;
  switch (f.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return SetParsed<int32_t>(m, f, text, "an int32",
                                &absl::SimpleAtoi<int32_t>, &R::SetInt32,
                                &R::AddInt32);
    case FieldDescriptor::CPPTYPE_INT64:
      return SetParsed<int64_t>(m, f, text, "an int64",
                                &absl::SimpleAtoi<int64_t>, &R::SetInt64,
                                &R::AddInt64);
    case FieldDescriptor::CPPTYPE_UINT32:
      return SetParsed<uint32_t>(m, f, text, "a uint32",
                                 &absl::SimpleAtoi<uint32_t>, &R::SetUInt32,
                                 &R::AddUInt32);
    case FieldDescriptor::CPPTYPE_UINT64:
      return SetParsed<uint64_t>(m, f, text, "a uint64",
                                 &absl::SimpleAtoi<uint64_t>, &R::SetUInt64,
                                 &R::AddUInt64);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return SetParsed<double>(m, f, text, "a number", &absl::SimpleAtod,
                               &R::SetDouble, &R::AddDouble);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return SetParsed<float>(m, f, text, "a number", &absl::SimpleAtof,
                              &R::SetFloat, &R::AddFloat);
    case FieldDescriptor::CPPTYPE_BOOL:
      return SetParsed<bool>(m, f, text, "a bool (true or false)", &ParseBool,
                             &R::SetBool, &R::AddBool);
    default:
      return absl::InternalError("not a number or bool field");
  }
}

absl::Status SetEnum(Message& message, const FieldDescriptor& field,
                     absl::string_view text) {
  const auto* value = field.enum_type()->FindValueByName(std::string(text));
  int number;
  if (value == nullptr && absl::SimpleAtoi(text, &number)) {
    value = field.enum_type()->FindValueByNumber(number);
  }
  if (value == nullptr) {
    return NotA(text, absl::StrCat("a value of ", field.enum_type()->name()));
  }
  const Reflection& r = *message.GetReflection();
  field.is_repeated() ? r.AddEnum(&message, &field, value)
                      : r.SetEnum(&message, &field, value);
  return absl::OkStatus();
}

absl::Status SetString(Message& message, const FieldDescriptor& field,
                       absl::string_view text) {
  std::string value;
  if (field.type() == FieldDescriptor::TYPE_BYTES) {
    if (!absl::Base64Unescape(text, &value) &&
        !absl::WebSafeBase64Unescape(text, &value)) {
      return absl::InvalidArgumentError("must be base64");
    }
  } else if (!google::protobuf::internal::IsStructurallyValidUTF8(
                 text.data(), text.size())) {
    return absl::InvalidArgumentError("must be valid UTF-8");
  } else {
    value = std::string(text);
  }
  const Reflection& r = *message.GetReflection();
  field.is_repeated() ? r.AddString(&message, &field, std::move(value))
                      : r.SetString(&message, &field, std::move(value));
  return absl::OkStatus();
}

// Fills `target`, a fresh message of a type IsTextSettable accepts.
absl::Status FillMessage(Message& target, absl::string_view text) {
  const auto& type = *target.GetDescriptor();
  if (IsWrapper(type)) {
    return SetFieldFromText(target, *type.FindFieldByName("value"), text);
  }
  using google::protobuf::util::TimeUtil;
  if (type.full_name() == "google.protobuf.Timestamp") {
    google::protobuf::Timestamp t;
    if (!TimeUtil::FromString(std::string(text), &t))
      return NotA(text, "an RFC 3339 time");
    target.CopyFrom(t);
    return absl::OkStatus();
  }
  google::protobuf::Duration d;
  if (!TimeUtil::FromString(std::string(text), &d))
    return NotA(text, "a duration like \"1.5s\"");
  target.CopyFrom(d);
  return absl::OkStatus();
}

absl::Status SetMessage(Message& message, const FieldDescriptor& field,
                        absl::string_view text) {
  const Reflection& r = *message.GetReflection();
  Message* target = field.is_repeated() ? r.AddMessage(&message, &field)
                                        : r.MutableMessage(&message, &field);
  absl::Status status = FillMessage(*target, text);
  if (!status.ok()) {
    field.is_repeated() ? r.RemoveLast(&message, &field)
                        : r.ClearField(&message, &field);
  }
  return status;
}

}  // namespace

bool IsTextSettable(const FieldDescriptor& field) {
  if (field.is_map()) return false;
  if (field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return true;
  const auto& type = *field.message_type();
  return IsWrapper(type) || type.full_name() == "google.protobuf.Timestamp" ||
         type.full_name() == "google.protobuf.Duration";
}

absl::Status SetFieldFromText(Message& message, const FieldDescriptor& field,
                              absl::string_view text) {
  if (!IsTextSettable(field)) {
    return absl::InvalidArgumentError("names a message, not a value");
  }
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_ENUM:
      return SetEnum(message, field, text);
    case FieldDescriptor::CPPTYPE_STRING:
      return SetString(message, field, text);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return SetMessage(message, field, text);
    default:
      return SetNumberOrBool(message, field, text);
  }
}

}  // namespace insights::gateway
