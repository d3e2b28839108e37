#include "server/gateway/http_listener.h"

#include <absl/status/status.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/strip.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
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

// Lets a repeated event be logged at most once per interval, with how many
// times it happened since: a flood of connections must not also flood the
// log. Not thread-safe; the listener uses it on the acceptor's strand.
class LogThrottle {
 public:
  // Counts one event. Returns the number to report now (this one
  // included), or 0 while the interval since the last report runs.
  int Count() {
    ++unreported_;
    const auto now = std::chrono::steady_clock::now();
    if (last_report_ && now - *last_report_ < kInterval) return 0;
    last_report_ = now;
    return std::exchange(unreported_, 0);
  }

 private:
  static constexpr std::chrono::seconds kInterval{10};
  int unreported_ = 0;
  std::optional<std::chrono::steady_clock::time_point> last_report_;
};

// How long accepting pauses after it failed. Accepting fails mostly when
// the process has run out of file descriptors (EMFILE), and retrying at
// once would keep an event-loop thread spinning until one is freed; the
// connections meanwhile wait in the kernel's backlog.
constexpr std::chrono::milliseconds kAcceptPause{200};

}  // namespace

// Member order matters: the io_context goes first on destruction, and with
// it the sessions it still holds, which use the members above it.
struct HttpListener::Impl {
  Impl(const ListenerOptions& opts, RequestHandler h)
      : options(opts),
        handler(std::move(h)),
        io(opts.threads),
        work(net::make_work_guard(io)),
        acceptor(net::make_strand(io)),
        accept_pause(acceptor.get_executor()) {}

  void Accept() {
    acceptor.async_accept(
        net::make_strand(io),
        [this](boost::system::error_code error, tcp::socket socket) {
          if (error == net::error::operation_aborted || !acceptor.is_open())
            return;
          if (error) return PauseAccepting(error);
          Admit(std::move(socket));
          Accept();
        });
  }

  void PauseAccepting(const boost::system::error_code& error) {
    if (const int failures = accept_failures.Count()) {
      spdlog::warn(
          "REST accept failed: {}; pausing {} ms each time ({} failures "
          "since the last warning)",
          error.message(), kAcceptPause.count(), failures);
    }
    accept_pause.expires_after(kAcceptPause);
    accept_pause.async_wait([this](boost::system::error_code waited) {
      if (!waited && acceptor.is_open()) Accept();
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

  void RefuseOverCap() {
    if (const int refused = refusals.Count()) {
      spdlog::warn(
          "REST connections refused: {} open, the limit "
          "(--http-max-connections); {} refused since the last warning",
          options.max_connections, refused);
    }
  }

  const ListenerOptions options;
  const RequestHandler handler;
  std::unique_ptr<net::ssl::context> tls_context;  // null: plain HTTP
  std::atomic<int> open_sessions{0};
  LogThrottle refusals;         // connections over the cap
  LogThrottle accept_failures;  // such as running out of file descriptors
  net::io_context io;
  net::executor_work_guard<net::io_context::executor_type> work;
  tcp::acceptor acceptor;
  net::steady_timer accept_pause;  // on the acceptor's strand
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
