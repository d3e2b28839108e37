// Child processes for the end-to-end tests: the real insights-server on
// 127.0.0.1 with a port the kernel picks and a database in a fresh temporary
// folder, and bounded runs of other programs (insights-client).
//
// Every child is waited for within a bound and killed (SIGKILL, by its pid)
// when it overstays, so that a failing test never leaves a process behind.

#ifndef INSIGHTS_TESTS_E2E_SERVER_PROCESS_H_
#define INSIGHTS_TESTS_E2E_SERVER_PROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

extern char** environ;

namespace insights::e2e {

using Clock = std::chrono::steady_clock;

// How often bounded waits look again.
inline constexpr std::chrono::milliseconds kPollInterval{10};

inline std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh folder under the test temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::path(::testing::TempDir()) / "e2e-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp " << pattern << ": " << std::strerror(errno);
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// One child process, its stdout and stderr sent to files. The environment is
// the test's own minus every INSIGHTS_* variable, so that only the arguments
// configure the programs. The child gets SIGKILL when the test process dies
// (even of a ctest timeout), and starts with no signal blocked.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv,
               const std::filesystem::path& stdout_path,
               const std::filesystem::path& stderr_path) {
    std::vector<std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      if (std::strncmp(*entry, "INSIGHTS_", 9) != 0) env.emplace_back(*entry);
    }
    std::vector<char*> args = Pointers(argv);
    std::vector<char*> envp = Pointers(env);
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {  // only async-signal-safe calls from here on
      if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
        _exit(125);
      }
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      Redirect(stdout_path, STDOUT_FILENO);
      Redirect(stderr_path, STDERR_FILENO);
      execve(args[0], args.data(), envp.data());
      _exit(127);
    }
    if (pid_ < 0) ADD_FAILURE() << "fork: " << std::strerror(errno);
  }
  ~ChildProcess() { Kill(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool running() const { return pid_ > 0; }

  // Reaps the child if it has exited; true when it has (or never started).
  bool Poll() {
    if (pid_ <= 0) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
    pid_ = -1;
    status_ = status;
    return true;
  }

  // Waits up to `bound` for the child to exit; true when it did.
  bool WaitFor(std::chrono::milliseconds bound) {
    const Clock::time_point deadline = Clock::now() + bound;
    while (!Poll()) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(kPollInterval);
    }
    return true;
  }

  void Signal(int signal_number) {
    if (pid_ > 0) kill(pid_, signal_number);
  }

  // SIGKILL and reap, when still running.
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    status_ = status;
  }

  // The exit code, or nullopt when it has not exited normally (signal).
  std::optional<int> exit_code() const {
    if (!status_ || !WIFEXITED(*status_)) return std::nullopt;
    return WEXITSTATUS(*status_);
  }

 private:
  static std::vector<char*> Pointers(const std::vector<std::string>& texts) {
    std::vector<char*> pointers;
    for (const std::string& text : texts) {
      pointers.push_back(const_cast<char*>(text.c_str()));
    }
    pointers.push_back(nullptr);
    return pointers;
  }

  static void Redirect(const std::filesystem::path& path, int target) {
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || dup2(fd, target) < 0) _exit(126);
    close(fd);
  }

  pid_t pid_ = -1;
  std::optional<int> status_;
};

// What a bounded run of a program printed and how it ended.
struct ProgramResult {
  std::optional<int> exit_code;  // nullopt: killed or died of a signal
  std::string out;
  std::string err;
};

inline ProgramResult RunProgram(const std::vector<std::string>& argv,
                                const std::filesystem::path& folder,
                                std::chrono::milliseconds bound) {
  static int runs = 0;
  const std::string stem = "run" + std::to_string(++runs);
  const std::filesystem::path out = folder / (stem + ".out");
  const std::filesystem::path err = folder / (stem + ".err");
  ChildProcess child(argv, out, err);
  if (!child.WaitFor(bound)) {
    ADD_FAILURE() << argv[0] << " did not finish within " << bound.count()
                  << " ms; killed";
    child.Kill();
  }
  return {child.exit_code(), ReadWholeFile(out), ReadWholeFile(err)};
}

struct ServerOptions {
  std::string admin_token;
  std::vector<std::string> extra_args;
  std::chrono::milliseconds start_bound{10000};
  std::chrono::milliseconds stop_bound{10000};
};

// insights-server on 127.0.0.1:0 with a database of its own. Stops it on
// destruction (SIGTERM, then SIGKILL after the bound) and reports a failure
// when it did not exit with code 0.
class ServerProcess {
 public:
  ServerProcess(const std::string& program, ServerOptions options)
      : options_(std::move(options)) {
    // Both doors on free loopback ports, so that servers can run side by
    // side.
    std::vector<std::string> argv = {program,
                                     "--grpc-addr",
                                     "127.0.0.1:0",
                                     "--http-addr",
                                     "127.0.0.1:0",
                                     "--db",
                                     (dir_.path() / "insights.db").string()};
    if (!options_.admin_token.empty()) {
      argv.insert(argv.end(), {"--admin-token", options_.admin_token});
    }
    argv.insert(argv.end(), options_.extra_args.begin(),
                options_.extra_args.end());
    child_.emplace(argv, dir_.path() / "server.out", log_path());
    port_ = WaitForPort();
  }
  ~ServerProcess() {
    if (!stopped_) {
      const std::optional<int> code = Stop();
      if (code != 0) ADD_FAILURE() << "server did not exit with 0:\n" << log();
    }
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // 0 when the server never said where it listens.
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& folder() const { return dir_.path(); }
  std::filesystem::path log_path() const { return dir_.path() / "server.log"; }
  std::string log() const { return ReadWholeFile(log_path()); }

  // SIGTERM, a bounded wait, SIGKILL past it. The exit code, or nullopt when
  // the server had to be killed or died of a signal.
  std::optional<int> Stop() {
    stopped_ = true;
    child_->Signal(SIGTERM);
    if (!child_->WaitFor(options_.stop_bound)) {
      ADD_FAILURE() << "server ignored SIGTERM for "
                    << options_.stop_bound.count() << " ms; killed";
      child_->Kill();
    }
    return child_->exit_code();
  }

 private:
  // The port of "gRPC listening on 127.0.0.1:N; ..."; 0 while the log
  // has no such line.
  static int ParsePort(const std::string& log) {
    static const std::regex kListening(R"(gRPC listening on [^\s;]*:(\d+);)");
    std::smatch match;
    if (!std::regex_search(log, match, kListening)) return 0;
    return std::stoi(match[1].str());
  }

  // Polls the log for the listening line within the bound.
  int WaitForPort() {
    const Clock::time_point deadline = Clock::now() + options_.start_bound;
    while (Clock::now() < deadline) {
      if (const int port = ParsePort(log()); port != 0) return port;
      if (child_->Poll()) break;  // exited before listening
      std::this_thread::sleep_for(kPollInterval);
    }
    ADD_FAILURE() << "server did not report its port:\n" << log();
    return 0;
  }

  ServerOptions options_;
  TempDir dir_;
  std::optional<ChildProcess> child_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace insights::e2e

#endif  // INSIGHTS_TESTS_E2E_SERVER_PROCESS_H_
