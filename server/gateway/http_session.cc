#include "server/gateway/http_session.h"

#include <absl/strings/ascii.h>
#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

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

HttpSession::HttpSession(net::ip::tcp::socket socket,
                         const ListenerOptions& options,
                         const RequestHandler& handler,
                         std::atomic<int>& open_sessions)
    : stream_(std::move(socket)),
      options_(options),
      handler_(handler),
      open_sessions_(open_sessions) {
  ++open_sessions_;
}

HttpSession::~HttpSession() { --open_sessions_; }

void HttpSession::Start() {
  net::dispatch(stream_.get_executor(),
                [self = shared_from_this()] { self->ReadNext(); });
}

void HttpSession::ReadNext() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
  parser_->body_limit(options_.max_body_bytes);
  stream_.expires_after(options_.read_timeout);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code error, size_t) {
        self->OnRead(error);
      });
}

void HttpSession::OnRead(beast::error_code error) {
  if (error == http::error::body_limit) {
    return RefuseAndClose(
        413, static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED),
        "request body too large");
  }
  if (error == http::error::header_limit) {
    return RefuseAndClose(
        431, static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED),
        "request headers too large");
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
  handler_(converted, [self = shared_from_this()](HttpResponse response) {
    net::post(self->stream_.get_executor(),
              [self, response = std::move(response)]() mutable {
                self->Respond(std::move(response));
              });
  });
}

void HttpSession::Respond(HttpResponse answer) {
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
  stream_.expires_after(options_.write_timeout);
  http::async_write(
      stream_, response_,
      [self = shared_from_this()](beast::error_code error, size_t) {
        self->OnWritten(error);
      });
}

void HttpSession::OnWritten(beast::error_code error) {
  if (error || !keep_alive_) return Close();
  ReadNext();
}

void HttpSession::RefuseAndClose(int http_status, int grpc_code,
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

void HttpSession::Close() {
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace insights::gateway
