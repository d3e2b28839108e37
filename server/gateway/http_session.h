#ifndef INSIGHTS_SERVER_GATEWAY_HTTP_SESSION_H_
#define INSIGHTS_SERVER_GATEWAY_HTTP_SESSION_H_

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "server/gateway/http_listener.h"

namespace insights::gateway {

// The two kinds of connection the listener serves.
using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// One client connection: (over TLS, first the handshake,) reads a request,
// hands it to the handler, writes the answer, and reads the next while the
// client keeps the connection alive. Every step runs on the connection's
// strand and is bounded in time (the handshake and each request by the
// read timeout, each answer by the write timeout), so a client that stalls
// only holds its own socket, never a thread, and not for long. The session
// lives as long as a pending step refers to it. Instantiated for
// PlainStream and TlsStream.
template <class Stream>
class HttpSession final
    : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  // `options`, `handler` and `open_sessions` must outlive the session;
  // `open_sessions` counts it until it is destroyed.
  HttpSession(Stream stream, const ListenerOptions& options,
              const RequestHandler& handler, std::atomic<int>& open_sessions);
  ~HttpSession();

  void Start();

 private:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  void Handshake();
  void ReadNext();
  void OnRead(boost::beast::error_code error);
  void Respond(HttpResponse response);
  void OnWritten(boost::beast::error_code error);
  void RefuseAndClose(int http_status, int grpc_code, std::string message);
  void Close();
  boost::beast::tcp_stream& tcp() {
    return boost::beast::get_lowest_layer(stream_);
  }

  Stream stream_;
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

extern template class HttpSession<PlainStream>;
extern template class HttpSession<TlsStream>;

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_HTTP_SESSION_H_
