#include "server/ingest/ingest.h"

#include <openssl/crypto.h>

#include <absl/strings/string_view.h>
#include <absl/strings/str_cat.h>

#include "common/event_validation.h"
#include "common/id_check.h"
#include "common/limits.h"
#include "server/auth/api_key_hash.h"

namespace insights {
namespace {

absl::Status CheckCount(absl::string_view what, int count, int limit) {
  if (count > limit) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", count, " in one call; the limit is ", limit));
  }
  return absl::OkStatus();
}

absl::Status AtIndex(absl::string_view what, int index,
                     const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat(what, " ", index, ": ", status.message()));
}

}  // namespace

Ingest::Ingest(Store& store, std::string admin_token)
    : store_(store),
      admin_token_hash_(admin_token.empty() ? "" : HashApiKey(admin_token)) {}

absl::Status Ingest::Authorize(absl::string_view presented) const {
  if (admin_token_hash_.empty()) return absl::OkStatus();
  if (presented.empty()) {
    return absl::UnauthenticatedError(
        "the write API needs the operator token: authorization: Bearer TOKEN");
  }
  // Comparing hashes in constant time tells an attacker nothing per byte.
  const std::string hash = HashApiKey(presented);
  if (CRYPTO_memcmp(hash.data(), admin_token_hash_.data(), hash.size()) != 0) {
    return absl::PermissionDeniedError("the operator token is not valid");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::PutWorkspaceResponse> Ingest::PutWorkspace(
    const v1::PutWorkspaceRequest& request) {
  absl::Status valid = CheckId("id", request.id());
  if (valid.ok()) valid = CheckCount("apiKeys", request.api_keys_size(), 100);
  if (!valid.ok()) return valid;
  std::vector<std::string> hashes;
  for (int i = 0; i < request.api_keys_size(); ++i) {
    valid = CheckId("apiKey", request.api_keys(i));
    if (!valid.ok()) return AtIndex("apiKeys", i, valid);
    hashes.push_back(HashApiKey(request.api_keys(i)));
  }

  absl::Status stored =
      store_.PutWorkspace(request.id(), request.name(), hashes);
  if (!stored.ok()) return stored;
  return v1::PutWorkspaceResponse();
}

absl::StatusOr<v1::PutProjectsResponse> Ingest::PutProjects(
    const v1::PutProjectsRequest& request) {
  absl::Status valid = CheckCount("projects", request.projects_size(),
                                  kMaxCatalogEntriesPerCall);
  if (!valid.ok()) return valid;
  for (int i = 0; i < request.projects_size(); ++i) {
    valid = CheckId("id", request.projects(i).id());
    if (valid.ok())
      valid = CheckId("workspaceId", request.projects(i).workspace_id());
    if (!valid.ok()) return AtIndex("project", i, valid);
  }

  absl::Status stored = store_.PutProjects(request.projects());
  if (!stored.ok()) return stored;
  v1::PutProjectsResponse response;
  response.set_stored_count(request.projects_size());
  return response;
}

absl::StatusOr<v1::PutLabelersResponse> Ingest::PutLabelers(
    const v1::PutLabelersRequest& request) {
  absl::Status valid = CheckCount("labelers", request.labelers_size(),
                                  kMaxCatalogEntriesPerCall);
  if (!valid.ok()) return valid;
  for (int i = 0; i < request.labelers_size(); ++i) {
    valid = CheckId("id", request.labelers(i).id());
    if (!valid.ok()) return AtIndex("labeler", i, valid);
  }

  absl::Status stored = store_.PutLabelers(request.labelers());
  if (!stored.ok()) return stored;
  v1::PutLabelersResponse response;
  response.set_stored_count(request.labelers_size());
  return response;
}

absl::StatusOr<v1::IngestEventsResponse> Ingest::IngestEvents(
    const v1::IngestEventsRequest& request) {
  absl::Status valid =
      CheckCount("events", request.events_size(), kMaxEventsPerBatch);
  if (!valid.ok()) return valid;
  for (int i = 0; i < request.events_size(); ++i) {
    valid = ValidateEvent(request.events(i));
    if (!valid.ok()) return AtIndex("event", i, valid);
  }

  absl::StatusOr<IngestOutcome> outcome = store_.IngestEvents(request.events());
  if (!outcome.ok()) return outcome.status();
  v1::IngestEventsResponse response;
  response.set_stored_count(outcome->stored);
  response.set_duplicate_count(outcome->duplicates);
  return response;
}

}  // namespace insights
