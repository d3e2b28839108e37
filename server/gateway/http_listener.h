#ifndef INSIGHTS_SERVER_GATEWAY_HTTP_LISTENER_H_
#define INSIGHTS_SERVER_GATEWAY_HTTP_LISTENER_H_

#include <absl/status/statusor.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/gateway/http_message.h"
#include "server/tls/tls_key_pair.h"

namespace insights::gateway {

struct ListenerOptions {
  std::string address = "0.0.0.0:8080";  // "HOST:PORT"; port 0 picks one
  // Threads running the event loop. They never block on a call (the
  // handler answers asynchronously), so about one per core suffices.
  int threads = 2;
  size_t max_body_bytes = 4 * 1024 * 1024;  // larger: 413
  size_t max_header_bytes = 16 * 1024;      // larger: 431
  // To receive one whole request, and to wait for the next one on a
  // kept-alive connection; then the connection is closed.
  std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
  std::chrono::milliseconds write_timeout = std::chrono::seconds(30);
  // More are closed on accept, with a warning in the log: each open
  // connection holds a socket and buffers, so a flood of idle ones must
  // not exhaust the process's file descriptors.
  int max_connections = 1024;
  // Set: HTTPS only, with this certificate and key. Unset: plain HTTP.
  std::optional<TlsKeyPair> tls;
};

// Answers a request by calling its second argument exactly once, from any
// thread.
using RequestHandler =
    std::function<void(const HttpRequest&, std::function<void(HttpResponse)>)>;

// An HTTP/1.1 server on Boost.Beast, plain or over TLS: reads requests
// within the limits of ListenerOptions, hands each to the handler and writes
// the answer back, keeping connections alive. A request over a limit is
// answered (413, 431, 400) and its connection closed. Thread-safe.
class HttpListener final {
 public:
  // Errors: INVALID_ARGUMENT for an address that is not HOST:PORT or a
  // TLS key pair OpenSSL refuses, UNAVAILABLE when it cannot be bound.
  static absl::StatusOr<std::unique_ptr<HttpListener>> Start(
      const ListenerOptions& options, RequestHandler handler);
  ~HttpListener();

  int port() const { return port_; }

  // Stops accepting connections; those open go on.
  void StopAccepting();

  // Closes the acceptor and every connection and joins the threads.
  // Answers the handler gives after this are dropped, so stop the handler's
  // calls first. Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit HttpListener(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  std::vector<std::thread> threads_;
  int port_ = 0;
};

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_HTTP_LISTENER_H_
