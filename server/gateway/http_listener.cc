#include "server/gateway/http_listener.h"

#include <absl/status/status.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/strip.h>
#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include "server/gateway/http_session.h"
#include "server/gateway/tls_context.h"

namespace insights::gateway {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

absl::StatusOr<tcp::endpoint> ParseEndpoint(absl::string_view address) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == absl::string_view::npos ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", address, "\" is not HOST:PORT"));
  }
  absl::string_view host = address.substr(0, colon);
  host = absl::StripSuffix(absl::StripPrefix(host, "["), "]");
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code error;
  net::ip::address ip = net::ip::make_address(std::string(host), error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", host, "\" is not an IP address"));
  }
  return tcp::endpoint(ip, static_cast<unsigned short>(port));
}

}  // namespace

// Member order matters: the io_context goes first on destruction, and with
// it the sessions it still holds, which use the members above it.
struct HttpListener::Impl {
  Impl(const ListenerOptions& opts, RequestHandler h)
      : options(opts),
        handler(std::move(h)),
        io(opts.threads),
        work(net::make_work_guard(io)),
        acceptor(net::make_strand(io)) {}

  void Accept() {
    acceptor.async_accept(
        net::make_strand(io),
        [this](boost::system::error_code error, tcp::socket socket) {
          if (error == net::error::operation_aborted || !acceptor.is_open())
            return;
          if (!error) Admit(std::move(socket));
          Accept();
        });
  }

  void Admit(tcp::socket socket) {
    if (open_sessions.load() >= options.max_connections) {
      RefuseOverCap();
      return;  // closing the socket is the answer
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // answers are one write
    if (tls_context) {
      std::make_shared<HttpSession<TlsStream>>(
          TlsStream(std::move(socket), *tls_context), options, handler,
          open_sessions)
          ->Start();
    } else {
      std::make_shared<HttpSession<PlainStream>>(
          PlainStream(std::move(socket)), options, handler, open_sessions)
          ->Start();
    }
  }

  // One warning per interval at most, with the count since the last one: a
  // flood of connections must not also flood the log. Runs on the
  // acceptor's strand only.
  void RefuseOverCap() {
    ++refused_since_warning;
    const auto now = std::chrono::steady_clock::now();
    if (last_refusal_warning &&
        now - *last_refusal_warning < kRefusalWarningInterval) {
      return;
    }
    spdlog::warn(
        "REST connections refused: {} open, the limit "
        "(--http-max-connections); {} refused since the last warning",
        options.max_connections, refused_since_warning);
    refused_since_warning = 0;
    last_refusal_warning = now;
  }

  static constexpr std::chrono::seconds kRefusalWarningInterval{10};

  const ListenerOptions options;
  const RequestHandler handler;
  std::unique_ptr<net::ssl::context> tls_context;  // null: plain HTTP
  std::atomic<int> open_sessions{0};
  int refused_since_warning = 0;
  std::optional<std::chrono::steady_clock::time_point> last_refusal_warning;
  net::io_context io;
  net::executor_work_guard<net::io_context::executor_type> work;
  tcp::acceptor acceptor;
};

HttpListener::HttpListener(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

HttpListener::~HttpListener() { Stop(); }

absl::StatusOr<std::unique_ptr<HttpListener>> HttpListener::Start(
    const ListenerOptions& options, RequestHandler handler) {
  absl::StatusOr<tcp::endpoint> endpoint = ParseEndpoint(options.address);
  if (!endpoint.ok()) return endpoint.status();

  auto impl = std::make_unique<Impl>(options, std::move(handler));
  if (options.tls) {
    auto tls_context = MakeTlsServerContext(*options.tls);
    if (!tls_context.ok()) return tls_context.status();
    impl->tls_context = *std::move(tls_context);
  }
  boost::system::error_code error;
  tcp::acceptor& acceptor = impl->acceptor;
  acceptor.open(endpoint->protocol(), error);
  if (!error) acceptor.set_option(net::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(*endpoint, error);
  if (!error) acceptor.listen(net::socket_base::max_listen_connections, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.address, ": ", error.message()));
  }

  std::unique_ptr<HttpListener> listener(new HttpListener(std::move(impl)));
  listener->port_ = acceptor.local_endpoint().port();
  listener->impl_->Accept();
  for (int i = 0; i < std::max(1, options.threads); ++i) {
    listener->threads_.emplace_back([io = &listener->impl_->io] { io->run(); });
  }
  return listener;
}

void HttpListener::StopAccepting() {
  if (impl_ == nullptr) return;
  net::dispatch(impl_->acceptor.get_executor(), [impl = impl_.get()] {
    boost::system::error_code ignored;
    impl->acceptor.close(ignored);
  });
}

void HttpListener::Stop() {
  if (impl_ == nullptr) return;
  impl_->work.reset();
  impl_->io.stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  impl_.reset();  // closes the acceptor and every connection
}

}  // namespace insights::gateway
