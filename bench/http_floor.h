#ifndef INSIGHTS_BENCH_HTTP_FLOOR_H_
#define INSIGHTS_BENCH_HTTP_FLOOR_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace insights::bench {

// The least an HTTP/1.1 answer costs on the REST gateway's library: an
// asynchronous Boost.Beast server (a strand per connection, TCP_NODELAY,
// keep-alive, read and write timeouts, like server/gateway) whose only
// route, GET /bytes/N, answers 200 with an N-byte body. No gateway code is
// used: the floor must not move when the gateway does.
class HttpFloor final {
 public:
  HttpFloor(const std::string& host, int threads);
  ~HttpFloor();
  HttpFloor(const HttpFloor&) = delete;
  HttpFloor& operator=(const HttpFloor&) = delete;

  // The port bound on `host`; 0 when binding failed.
  int port() const { return port_; }

  // Stops the event loop and joins its threads. Idempotent.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::thread> threads_;
  int port_ = 0;
};

}  // namespace insights::bench

#endif  // INSIGHTS_BENCH_HTTP_FLOOR_H_
