#include "server/gateway/http_session.h"

#include <absl/strings/ascii.h>
#include <absl/strings/str_cat.h>
#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <type_traits>

#include "server/gateway/status_mapping.h"

namespace insights::gateway {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;

namespace {

constexpr unsigned kHttp11 = 11;
constexpr int kClientClosedRequest = 499;

HttpRequest ToHttpRequest(http::request<http::string_body>&& request) {
  HttpRequest out;
  out.method = std::string(request.method_string());
  out.target = std::string(request.target());
  out.headers.reserve(8);
  for (const auto& field : request) {
    const auto name = field.name_string();
    out.headers.emplace_back(
        absl::AsciiStrToLower(absl::string_view(name.data(), name.size())),
        std::string(field.value()));
  }
  out.body = std::move(request.body());
  return out;
}

bool IsParseError(const beast::error_code& error) {
  return &error.category() ==
         &http::make_error_code(http::error::bad_target).category();
}

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream stream, const ListenerOptions& options,
                                 const RequestHandler& handler,
                                 std::atomic<int>& open_sessions)
    : stream_(std::move(stream)),
      options_(options),
      handler_(handler),
      open_sessions_(open_sessions) {
  ++open_sessions_;
}

template <class Stream>
HttpSession<Stream>::~HttpSession() {
  --open_sessions_;
}

template <class Stream>
void HttpSession<Stream>::Start() {
  net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
    if constexpr (kTls) {
      self->Handshake();
    } else {
      self->ReadNext();
    }
  });
}

// A client that opens a connection and never completes the handshake is
// bounded like one that never completes a request.
template <class Stream>
void HttpSession<Stream>::Handshake() {
  if constexpr (kTls) {
    tcp().expires_after(options_.read_timeout);
    stream_.async_handshake(
        boost::asio::ssl::stream_base::server,
        [self = this->shared_from_this()](beast::error_code error) {
          if (error) {
            // Plain HTTP sent to the HTTPS port, a certificate the client
            // does not trust, a scanner: the caller's problem, so only at
            // debug level. The session ends here, which gives its place
            // among the open connections back.
            spdlog::debug("REST TLS handshake failed: {}", error.message());
            return;
          }
          self->ReadNext();
        });
  }
}

template <class Stream>
void HttpSession<Stream>::ReadNext() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
  parser_->body_limit(options_.max_body_bytes);
  tcp().expires_after(options_.read_timeout);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = this->shared_from_this()](beast::error_code error, size_t) {
        self->OnRead(error);
      });
}

template <class Stream>
void HttpSession<Stream>::OnRead(beast::error_code error) {
  if (error == http::error::body_limit) {
    return RefuseAndClose(
        413, static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED),
        absl::StrCat("request body larger than the limit of ",
                     options_.max_body_bytes, " bytes"));
  }
  if (error == http::error::header_limit) {
    return RefuseAndClose(
        431, static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED),
        absl::StrCat("request headers larger than the limit of ",
                     options_.max_header_bytes, " bytes"));
  }
  if (error && IsParseError(error) && error != http::error::end_of_stream &&
      error != http::error::partial_message) {
    return RefuseAndClose(400,
                          static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT),
                          "malformed HTTP request");
  }
  if (error) return Close();  // closed by the client, timed out, or stopping

  http::request<http::string_body> request = parser_->release();
  keep_alive_ = request.keep_alive();
  started_ = std::chrono::steady_clock::now();
  HttpRequest converted = ToHttpRequest(std::move(request));
  method_ = converted.method;
  path_ = converted.target.substr(0, converted.target.find('?'));
  // The answer may come from a gRPC thread: it is written on the strand.
  handler_(converted, [self = this->shared_from_this()](HttpResponse response) {
    net::post(self->stream_.get_executor(),
              [self, response = std::move(response)]() mutable {
                self->Respond(std::move(response));
              });
  });
}

template <class Stream>
void HttpSession<Stream>::Respond(HttpResponse answer) {
  response_ = {};
  response_.version(kHttp11);
  response_.result(static_cast<unsigned>(answer.status));
  if (answer.status == kClientClosedRequest)
    response_.reason("Client Closed Request");
  if (!answer.content_type.empty())
    response_.set(http::field::content_type, answer.content_type);
  for (auto& [name, value] : answer.headers) response_.insert(name, value);
  response_.keep_alive(keep_alive_);
  response_.body() = std::move(answer.body);
  response_.prepare_payload();

  if (spdlog::should_log(spdlog::level::debug)) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started_);
    spdlog::debug("REST {} {} -> {} in {} us", method_, path_, answer.status,
                  elapsed.count());
  }
  tcp().expires_after(options_.write_timeout);
  http::async_write(
      stream_, response_,
      [self = this->shared_from_this()](beast::error_code error, size_t) {
        self->OnWritten(error);
      });
}

template <class Stream>
void HttpSession<Stream>::OnWritten(beast::error_code error) {
  if (error || !keep_alive_) return Close();
  ReadNext();
}

template <class Stream>
void HttpSession<Stream>::RefuseAndClose(int http_status, int grpc_code,
                                         std::string message) {
  keep_alive_ = false;
  method_ = "?";
  path_ = "?";
  started_ = std::chrono::steady_clock::now();
  HttpResponse response;
  response.status = http_status;
  response.body = ErrorBody(static_cast<grpc::StatusCode>(grpc_code), message);
  Respond(std::move(response));
}

template <class Stream>
void HttpSession<Stream>::Close() {
  if constexpr (kTls) {
    // close_notify tells the client the answer was not cut short; a client
    // that does not take it is not waited for beyond the write timeout.
    tcp().expires_after(options_.write_timeout);
    stream_.async_shutdown(
        [self = this->shared_from_this()](beast::error_code) {
          beast::error_code ignored;
          self->tcp().socket().shutdown(net::ip::tcp::socket::shutdown_send,
                                        ignored);
        });
  } else {
    beast::error_code ignored;
    tcp().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  }
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

}  // namespace insights::gateway
