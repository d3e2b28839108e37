#include "common/rest_json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

namespace insights {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

nlohmann::ordered_json ScalarAt(const Message& message,
                                const FieldDescriptor& field, int index) {
  const Reflection& r = *message.GetReflection();
  const bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return repeated ? r.GetRepeatedInt32(message, &field, index)
                      : r.GetInt32(message, &field);
    case FieldDescriptor::CPPTYPE_INT64:
      return repeated ? r.GetRepeatedInt64(message, &field, index)
                      : r.GetInt64(message, &field);
    case FieldDescriptor::CPPTYPE_UINT32:
      return repeated ? r.GetRepeatedUInt32(message, &field, index)
                      : r.GetUInt32(message, &field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return repeated ? r.GetRepeatedUInt64(message, &field, index)
                      : r.GetUInt64(message, &field);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return repeated ? r.GetRepeatedDouble(message, &field, index)
                      : r.GetDouble(message, &field);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return repeated ? r.GetRepeatedFloat(message, &field, index)
                      : r.GetFloat(message, &field);
    case FieldDescriptor::CPPTYPE_BOOL:
      return repeated ? r.GetRepeatedBool(message, &field, index)
                      : r.GetBool(message, &field);
    case FieldDescriptor::CPPTYPE_ENUM:
      return (repeated ? r.GetRepeatedEnum(message, &field, index)
                       : r.GetEnum(message, &field))
          ->name();
    case FieldDescriptor::CPPTYPE_STRING:
      return repeated ? r.GetRepeatedString(message, &field, index)
                      : r.GetString(message, &field);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return ToRestJson(repeated ? r.GetRepeatedMessage(message, &field, index)
                                 : r.GetMessage(message, &field));
  }
  return nullptr;
}

}  // namespace

nlohmann::ordered_json ToRestJson(const Message& message) {
  const auto* descriptor = message.GetDescriptor();
  if (descriptor->full_name() == "google.protobuf.Timestamp") {
    return google::protobuf::util::TimeUtil::ToString(
        static_cast<const google::protobuf::Timestamp&>(message));
  }

  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  const Reflection& reflection = *message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor& field = *descriptor->field(i);
    if (field.real_containing_oneof() != nullptr &&
        !reflection.HasField(message, &field)) {
      continue;  // only the chosen member of a oneof is shown
    }
    nlohmann::ordered_json& slot = object[field.json_name()];
    if (field.is_repeated()) {
      slot = nlohmann::ordered_json::array();
      for (int j = 0; j < reflection.FieldSize(message, &field); ++j) {
        slot.push_back(ScalarAt(message, field, j));
      }
    } else if (field.has_presence() &&
               field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE &&
               !reflection.HasField(message, &field)) {
      slot = nullptr;
    } else {
      slot = ScalarAt(message, field, 0);
    }
  }
  return object;
}

std::string ToRestJsonString(const Message& message) {
  return ToRestJson(message).dump();
}

}  // namespace insights
