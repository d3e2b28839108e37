#include "bench/http_floor.h"

#include <charconv>
#include <chrono>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace insights::bench {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr size_t kMaxBodyBytes = 16 << 20;
constexpr std::chrono::seconds kTimeout{30};

// Body size asked for by "/bytes/N", or -1.
long RequestedBytes(beast::string_view target) {
  constexpr beast::string_view kPrefix = "/bytes/";
  if (target.substr(0, kPrefix.size()) != kPrefix) return -1;
  const beast::string_view digits = target.substr(kPrefix.size());
  long size = -1;
  auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), size);
  if (error != std::errc() || end != digits.data() + digits.size()) return -1;
  return size <= static_cast<long>(kMaxBodyBytes) ? size : -1;
}

class Session final : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : stream_(std::move(socket)) {}

  void Start() {
    net::dispatch(stream_.get_executor(),
                  [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    request_ = {};
    stream_.expires_after(kTimeout);
    http::async_read(
        stream_, buffer_, request_,
        [self = shared_from_this()](beast::error_code error, size_t) {
          self->Answer(error);
        });
  }

  void Answer(beast::error_code error) {
    if (error) return Close();
    const long size = RequestedBytes(request_.target());
    response_ = {};
    response_.version(11);
    response_.result(size < 0 ? http::status::not_found : http::status::ok);
    response_.set(http::field::content_type, "application/json");
    response_.body().assign(static_cast<size_t>(size < 0 ? 0 : size), 'x');
    response_.keep_alive(request_.keep_alive());
    response_.prepare_payload();
    stream_.expires_after(kTimeout);
    http::async_write(
        stream_, response_,
        [self = shared_from_this()](beast::error_code written, size_t) {
          if (written || !self->response_.keep_alive()) return self->Close();
          self->Read();
        });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::empty_body> request_;
  http::response<http::string_body> response_;
};

}  // namespace

struct HttpFloor::Impl {
  explicit Impl(int threads)
      : io(threads),
        work(net::make_work_guard(io)),
        acceptor(net::make_strand(io)) {}

  void Accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code error,
                                                       tcp::socket socket) {
      if (error == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!error) {
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        std::make_shared<Session>(std::move(socket))->Start();
      }
      Accept();
    });
  }

  net::io_context io;
  net::executor_work_guard<net::io_context::executor_type> work;
  tcp::acceptor acceptor;
};

HttpFloor::HttpFloor(const std::string& host, int threads)
    : impl_(std::make_unique<Impl>(threads)) {
  beast::error_code error;
  const tcp::endpoint endpoint(net::ip::make_address(host, error), 0);
  if (!error) impl_->acceptor.open(endpoint.protocol(), error);
  if (!error) impl_->acceptor.bind(endpoint, error);
  if (!error)
    impl_->acceptor.listen(net::socket_base::max_listen_connections, error);
  if (error) return;
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->Accept();
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([io = &impl_->io] { io->run(); });
  }
}

HttpFloor::~HttpFloor() { Stop(); }

void HttpFloor::Stop() {
  if (!impl_) return;
  impl_->work.reset();
  impl_->io.stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  impl_.reset();
}

}  // namespace insights::bench
