// A minimal HTTP/1.1 client for the gateway's tests: raw requests over a
// plain socket, every read bounded in time, answers parsed by Beast.

#ifndef INSIGHTS_TESTS_GATEWAY_TESTING_HTTP_TEST_CLIENT_H_
#define INSIGHTS_TESTS_GATEWAY_TESTING_HTTP_TEST_CLIENT_H_

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace insights::gateway::testing {

struct TestResponse {
  int status = 0;  // 0: no answer (connection failed, closed or timed out)
  std::map<std::string, std::string> headers;  // names lowercase
  std::string body;

  bool Has(const std::string& name) const { return headers.count(name) > 0; }
  std::string Header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? "" : found->second;
  }
  nlohmann::json Json() const {
    return nlohmann::json::parse(body, nullptr, false);
  }
};

using TestHeaders = std::vector<std::pair<std::string, std::string>>;

// One connection to 127.0.0.1:port; requests go one after the other on it.
class HttpTestClient final {
 public:
  explicit HttpTestClient(int port);
  ~HttpTestClient();
  HttpTestClient(const HttpTestClient&) = delete;
  HttpTestClient& operator=(const HttpTestClient&) = delete;

  // Sends `raw` as is and reads one answer, waiting at most `timeout`.
  TestResponse RoundTrip(
      const std::string& raw,
      std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Whether the server closed the connection (waits up to `timeout`).
  bool ClosedByPeer(
      std::chrono::milliseconds timeout = std::chrono::seconds(2));

 private:
  int fd_ = -1;
  std::string pending_;  // bytes read past the last answer
};

// A well-formed request: Host, Content-Length when there is a body, and
// `headers`.
std::string RequestText(const std::string& method, const std::string& target,
                        const TestHeaders& headers = {},
                        const std::string& body = "");

// One request on a fresh connection.
TestResponse Fetch(int port, const std::string& method,
                   const std::string& target, const TestHeaders& headers = {},
                   const std::string& body = "");

}  // namespace insights::gateway::testing

#endif  // INSIGHTS_TESTS_GATEWAY_TESTING_HTTP_TEST_CLIENT_H_
