// insights-server: the Annotation Insights gRPC service on a SQLite file.

#include <csignal>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "server/allocator_limits.h"
#include "server/insights_server.h"
#include "server/store/sqlite_schema.h"
#include "server/tls/tls_key_pair.h"

namespace {

struct Flags {
  insights::ServerOptions server;
  std::string history_start = "2023-08-01";
  std::string log_level = "info";
  int shutdown_grace_seconds = 10;
  double max_call_seconds = 30;
  int http_read_timeout_seconds = 30;
  int http_write_timeout_seconds = 30;
  std::string tls_cert_path;
  std::string tls_key_path;
};

void DefineFlags(CLI::App& app, Flags& flags) {
  app.add_option("--grpc-addr", flags.server.grpc_address,
                 "address the gRPC service listens on")
      ->envname("INSIGHTS_GRPC_ADDR")
      ->capture_default_str();
  app.add_option("--http-addr", flags.server.http_address,
                 "address the REST/JSON gateway listens on; empty turns it off")
      ->envname("INSIGHTS_HTTP_ADDR")
      ->capture_default_str();
  app.add_option("--cors-origin", flags.server.cors_origins,
                 "origin whose web pages may call the REST API (repeatable; "
                 "* for any; the variable takes a comma-separated list)")
      ->envname("INSIGHTS_CORS_ORIGINS")
      ->delimiter(',');
  app.add_option("--http-read-timeout", flags.http_read_timeout_seconds,
                 "seconds a REST client has to send a whole request (and, "
                 "over TLS, finish its handshake); then it is disconnected")
      ->envname("INSIGHTS_HTTP_READ_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--http-write-timeout", flags.http_write_timeout_seconds,
                 "seconds a REST client has to take its answer; then it is "
                 "disconnected")
      ->envname("INSIGHTS_HTTP_WRITE_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--http-max-connections", flags.server.http_max_connections,
                 "REST connections open at once; more are closed on arrival")
      ->envname("INSIGHTS_HTTP_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  CLI::Option* tls_cert =
      app.add_option("--tls-cert", flags.tls_cert_path,
                     "PEM certificate (chain) of the server; with --tls-key, "
                     "gRPC and REST accept TLS only")
          ->envname("INSIGHTS_TLS_CERT");
  CLI::Option* tls_key =
      app.add_option("--tls-key", flags.tls_key_path,
                     "PEM private key of --tls-cert, unencrypted")
          ->envname("INSIGHTS_TLS_KEY");
  tls_cert->needs(tls_key);
  tls_key->needs(tls_cert);
  app.add_option("--db", flags.server.database_path,
                 "SQLite database file, created with its schema when missing")
      ->envname("INSIGHTS_DB")
      ->capture_default_str();
  app.add_option("--history-start", flags.history_start,
                 "first UTC day with metrics (YYYY-MM-DD)")
      ->envname("INSIGHTS_HISTORY_START")
      ->capture_default_str();
  app.add_option("--log-level", flags.log_level,
                 "trace, debug, info, warn, error or off")
      ->envname("INSIGHTS_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  app.add_option("--admin-token", flags.server.admin_token,
                 "token the write API requires (authorization: Bearer); "
                 "prefer the environment variable, which ps does not show")
      ->envname("INSIGHTS_ADMIN_TOKEN");
  app.add_option("--max-threads", flags.server.max_threads,
                 "most calls served at once")
      ->envname("INSIGHTS_MAX_THREADS")
      ->check(CLI::Range(2, 1024))
      ->capture_default_str();
  app.add_option("--stats-call-threads", flags.server.stats_call_threads,
                 "threads taking GetWorkspaceStats calls over gRPC; they "
                 "answer kept answers and hand the rest on, so one is "
                 "enough for about two cores")
      ->envname("INSIGHTS_STATS_CALL_THREADS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--max-call-seconds", flags.max_call_seconds,
                 "longest the server works on one statistics call, whatever "
                 "the caller's deadline")
      ->envname("INSIGHTS_MAX_CALL_SECONDS")
      ->check(CLI::Range(0.001, 3600.0))
      ->capture_default_str();
  app.add_option("--shutdown-grace", flags.shutdown_grace_seconds,
                 "seconds calls in flight may take to finish on SIGTERM")
      ->envname("INSIGHTS_SHUTDOWN_GRACE")
      ->check(CLI::Range(0, 600))
      ->capture_default_str();
}

// Blocks SIGINT and SIGTERM in every thread (gRPC's included, which inherit
// the mask), so that only WaitForStopSignal sees them.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace

int main(int argc, char** argv) {
  insights::LimitAllocatorCaches();
  CLI::App app{
      "Annotation Insights: per-labeler labeling statistics over gRPC"};
  Flags flags;
  DefineFlags(app, flags);
  CLI11_PARSE(app, argc, argv);

  // Logs go to stderr, as container runtimes and systemd expect.
  spdlog::set_default_logger(spdlog::stderr_color_mt("insights"));
  spdlog::set_level(spdlog::level::from_str(flags.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v",
                      spdlog::pattern_time_type::utc);
  std::optional<insights::CivilDay> history_start =
      insights::ParseCivilDay(flags.history_start);
  if (!history_start) {
    spdlog::error("--history-start \"{}\" is not a day in the form YYYY-MM-DD",
                  flags.history_start);
    return EXIT_FAILURE;
  }
  flags.server.history_start = *history_start;
  flags.server.max_call_time = std::chrono::milliseconds(
      static_cast<int64_t>(flags.max_call_seconds * 1000));
  flags.server.http_read_timeout =
      std::chrono::seconds(flags.http_read_timeout_seconds);
  flags.server.http_write_timeout =
      std::chrono::seconds(flags.http_write_timeout_seconds);
  if (!flags.tls_cert_path.empty()) {
    absl::StatusOr<insights::TlsKeyPair> key_pair =
        insights::LoadTlsKeyPair(flags.tls_cert_path, flags.tls_key_path);
    if (!key_pair.ok()) {
      spdlog::error("cannot start: {}",
                    std::string(key_pair.status().message()));
      return EXIT_FAILURE;
    }
    flags.server.tls = *std::move(key_pair);
  }

  const sigset_t stop_signals = BlockStopSignals();
  auto server = insights::InsightsServer::Start(flags.server);
  if (!server.ok()) {
    spdlog::error("cannot start: {}", server.status().ToString());
    return EXIT_FAILURE;
  }
  spdlog::info("store opened: SQLite database {} (schema version {})",
               flags.server.database_path, insights::kSchemaVersion);
  // The bound port, which differs from the flag's when it asked for port 0.
  const std::string host =
      flags.server.grpc_address.substr(0, flags.server.grpc_address.rfind(':'));
  const char* tls = flags.server.tls ? " (TLS)" : "";
  spdlog::info("gRPC listening on {}:{}{}; metrics from {}", host,
               (*server)->port(), tls, flags.history_start);
  if ((*server)->http_port() != 0) {
    const std::string& http = flags.server.http_address;
    spdlog::info("HTTP listening on {}:{}{}", http.substr(0, http.rfind(':')),
                 (*server)->http_port(), tls);
  }
  if (flags.server.admin_token.empty()) {
    spdlog::warn("write API is open to every caller: set INSIGHTS_ADMIN_TOKEN");
  }

  int signal = 0;
  sigwait(&stop_signals, &signal);
  spdlog::info("signal {} received: finishing calls in flight, then stopping",
               signal);
  (*server)->Shutdown(std::chrono::seconds(flags.shutdown_grace_seconds));
  (*server)->Wait();
  server->reset();
  spdlog::info("stopped; database closed");
  return EXIT_SUCCESS;
}
