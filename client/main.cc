// insights-client: ask for stats, or import a catalog and events.

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "client/commands.h"
#include "common/limits.h"

namespace {

void DefineStats(CLI::App& stats, insights::StatsArgs& args) {
  stats.add_option("workspace", args.workspace, "workspace id")->required();
  stats.add_option("--start-date", args.start_date,
                   "first UTC day, YYYY-MM-DD");
  stats.add_option("--end-date", args.end_date, "last UTC day, YYYY-MM-DD");
  stats.add_option("--project-id", args.project_ids,
                   "only this project (repeatable)");
  stats.add_option("--user-id", args.user_ids,
                   "only this labeler (repeatable)");
  stats.add_option("--api-key", args.api_key, "a key of the workspace")
      ->envname("INSIGHTS_API_KEY");
  stats.add_flag("--json", args.json,
                 "print the REST-shaped JSON answer and nothing else");
}

void DefineImport(CLI::App& import, insights::ImportArgs& args) {
  import
      .add_option("--catalog", args.catalog_path,
                  "catalog.json: workspaces with keys, projects, labelers")
      ->check(CLI::ExistingFile);
  import
      .add_option("--events", args.events_path,
                  "events.jsonl: one event per line")
      ->check(CLI::ExistingFile);
  auto* studio =
      import
          .add_option("--label-studio", args.label_studio_path,
                      "a Label Studio JSON export, imported into --workspace")
          ->check(CLI::ExistingFile);
  import
      .add_option("--workspace", args.workspace,
                  "the workspace a Label Studio export goes into")
      ->needs(studio);
  studio->needs("--workspace");
  import.add_option("--batch", args.batch_size, "events per IngestEvents call")
      ->check(CLI::Range(1, insights::kMaxEventsPerBatch))
      ->capture_default_str();
}

// The PEM text of the --tls-ca file, or nullopt after saying on stderr why
// it cannot serve: better than a handshake failure at the first call.
std::optional<std::string> ReadTrustedCa(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "--tls-ca " << path << ": cannot be read ("
              << std::strerror(errno) << ")\n";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    std::cerr << "--tls-ca " << path << ": holds no PEM certificate\n";
    return std::nullopt;
  }
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Annotation Insights client"};
  app.require_subcommand(1);
  insights::ClientOptions options;
  app.add_option("--addr", options.address, "server address HOST:PORT")
      ->envname("INSIGHTS_ADDR")
      ->capture_default_str();
  int timeout_seconds = 30;
  app.add_option("--timeout", timeout_seconds, "deadline of each call, seconds")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--admin-token", options.admin_token,
                 "the server's operator token, for imports")
      ->envname("INSIGHTS_ADMIN_TOKEN");
  std::string tls_ca_path;
  app.add_option("--tls-ca", tls_ca_path,
                 "PEM certificate of the authority that signed the server's "
                 "certificate (or the certificate itself); connects over TLS")
      ->envname("INSIGHTS_TLS_CA");

  insights::StatsArgs stats_args;
  CLI::App* stats = app.add_subcommand("stats", "statistics of a workspace");
  DefineStats(*stats, stats_args);
  insights::ImportArgs import_args;
  CLI::App* import = app.add_subcommand("import", "put a catalog and events");
  DefineImport(*import, import_args);
  CLI::App* health = app.add_subcommand(
      "health", "exit 0 when the server reports itself serving");
  CLI11_PARSE(app, argc, argv);

  options.timeout = std::chrono::seconds(timeout_seconds);
  if (!tls_ca_path.empty()) {
    std::optional<std::string> trusted = ReadTrustedCa(tls_ca_path);
    if (!trusted) return 2;
    options.tls_trusted_ca_pem = *std::move(trusted);
  }
  if (stats->parsed()) return insights::RunStatsCommand(options, stats_args);
  if (health->parsed()) return insights::RunHealthCommand(options);
  return insights::RunImportCommand(options, import_args);
}
