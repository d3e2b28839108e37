#include "tests/gateway/testing/http_test_client.h"

#include <absl/strings/ascii.h>
#include <absl/strings/str_cat.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/beast/http.hpp>

namespace insights::gateway::testing {

namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

HttpTestClient::HttpTestClient(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    close(fd_);
    fd_ = -1;
  }
}

HttpTestClient::~HttpTestClient() {
  if (fd_ >= 0) close(fd_);
}

TestResponse HttpTestClient::RoundTrip(const std::string& raw,
                                       std::chrono::milliseconds timeout) {
  TestResponse out;
  if (fd_ < 0) return out;
  for (size_t sent = 0; sent < raw.size();) {
    const ssize_t n =
        send(fd_, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return out;
    sent += static_cast<size_t>(n);
  }

  http::response_parser<http::string_body> parser;
  parser.eager(true);
  parser.body_limit(64 * 1024 * 1024);
  const auto deadline = Clock::now() + timeout;
  boost::beast::error_code error;
  while (!parser.is_done()) {
    if (!pending_.empty()) {
      const size_t used = parser.put(boost::asio::buffer(pending_), error);
      pending_.erase(0, used);
      if (error && error != http::error::need_more) return out;
      if (parser.is_done()) break;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    pollfd ready{fd_, POLLIN, 0};
    if (left.count() <= 0 ||
        poll(&ready, 1, static_cast<int>(left.count())) <= 0)
      return out;
    char chunk[16384];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return out;
    pending_.append(chunk, static_cast<size_t>(n));
  }

  const auto& message = parser.get();
  out.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    const auto name = field.name_string();
    out.headers[absl::AsciiStrToLower(absl::string_view(
        name.data(), name.size()))] = std::string(field.value());
  }
  out.body = message.body();
  return out;
}

bool HttpTestClient::ClosedByPeer(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return true;
  pollfd ready{fd_, POLLIN, 0};
  if (poll(&ready, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char byte;
  return recv(fd_, &byte, 1, MSG_PEEK) <= 0;
}

std::string RequestText(const std::string& method, const std::string& target,
                        const TestHeaders& headers, const std::string& body) {
  std::string text =
      absl::StrCat(method, " ", target, " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  for (const auto& [name, value] : headers)
    absl::StrAppend(&text, name, ": ", value, "\r\n");
  if (!body.empty() || method == "POST" || method == "PUT" ||
      method == "PATCH") {
    absl::StrAppend(&text, "Content-Length: ", body.size(), "\r\n");
  }
  absl::StrAppend(&text, "\r\n", body);
  return text;
}

TestResponse Fetch(int port, const std::string& method,
                   const std::string& target, const TestHeaders& headers,
                   const std::string& body) {
  HttpTestClient client(port);
  return client.RoundTrip(RequestText(method, target, headers, body));
}

}  // namespace insights::gateway::testing
