#ifndef INSIGHTS_SERVER_GATEWAY_HTTP_SESSION_H_
#define INSIGHTS_SERVER_GATEWAY_HTTP_SESSION_H_

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "server/gateway/http_listener.h"

namespace insights::gateway {

// One client connection: reads a request, hands it to the handler, writes
// the answer, and reads the next while the client keeps the connection
// alive. Every step runs on the connection's strand; the session lives as
// long as a pending read, write or answer refers to it.
class HttpSession final : public std::enable_shared_from_this<HttpSession> {
 public:
  // `options`, `handler` and `open_sessions` must outlive the session;
  // `open_sessions` counts it until it is destroyed.
  HttpSession(boost::asio::ip::tcp::socket socket,
              const ListenerOptions& options, const RequestHandler& handler,
              std::atomic<int>& open_sessions);
  ~HttpSession();

  void Start();

 private:
  void ReadNext();
  void OnRead(boost::beast::error_code error);
  void Respond(HttpResponse response);
  void OnWritten(boost::beast::error_code error);
  void RefuseAndClose(int http_status, int grpc_code, std::string message);
  void Close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<
      boost::beast::http::request_parser<boost::beast::http::string_body>>
      parser_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  const ListenerOptions& options_;
  const RequestHandler& handler_;
  std::atomic<int>& open_sessions_;
  bool keep_alive_ = false;
  std::string method_;  // of the request being answered, for the debug line
  std::string path_;    // likewise, without the query, which may hold a key
  std::chrono::steady_clock::time_point started_;
};

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_HTTP_SESSION_H_
