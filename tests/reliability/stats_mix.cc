#include "tests/reliability/stats_mix.h"

#include <fstream>
#include <sstream>

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

namespace insights::reliability {
namespace {

absl::Status ReadRequests(const nlohmann::json& list,
                          std::vector<v1::GetWorkspaceStatsRequest>& out) {
  for (const nlohmann::json& item : list) {
    v1::GetWorkspaceStatsRequest request;
    auto parsed =
        google::protobuf::util::JsonStringToMessage(item.dump(), &request);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError("request " + item.dump() + ": " +
                                        parsed.ToString());
    }
    out.push_back(std::move(request));
  }
  return absl::OkStatus();
}

}  // namespace

const v1::GetWorkspaceStatsRequest& StatsMix::ForCall(uint64_t call) const {
  if (cold_every > 0 && call % cold_every == 0) {
    return cold[(call / cold_every) % cold.size()];
  }
  return hot[call % hot.size()];
}

absl::StatusOr<StatsMix> ReadStatsMix(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  const nlohmann::json file = nlohmann::json::parse(text.str(), nullptr, false);
  if (!file.is_object() || !file.contains("hot")) {
    return absl::InvalidArgumentError(path + ": not a request mix");
  }
  StatsMix mix;
  mix.cold_every = file.value("coldEvery", 0);
  if (absl::Status s = ReadRequests(file["hot"], mix.hot); !s.ok()) return s;
  if (file.contains("cold")) {
    if (absl::Status s = ReadRequests(file["cold"], mix.cold); !s.ok()) {
      return s;
    }
  }
  if (mix.hot.empty() || (mix.cold_every > 0 && mix.cold.empty())) {
    return absl::InvalidArgumentError(path + ": a request list is empty");
  }
  return mix;
}

}  // namespace insights::reliability
