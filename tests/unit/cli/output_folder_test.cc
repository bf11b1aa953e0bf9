// An audit owns its output folder: one run's files and nothing else, committed as a whole; sign
// and verify cover exactly those files; concurrent runs, signals and file size limits never
// leave a mix of runs or a temporary file; verify reads only regular files.

#include <catch2/catch.hpp>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "checker/source.h"

#include "support/test_support.h"

using namespace checker;
using test::Run;
namespace fs = std::filesystem;

namespace {

const std::string kChecker = CHECKER_BINARY;
std::string Src(const std::string& rel) { return test::SourceDir() + "/" + rel; }

std::set<std::string> Listing(const fs::path& dir) {
  std::set<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

std::vector<std::string> Audit(const std::string& out, const std::string& formats) {
  return {kChecker,    "audit",   "--manifest", Src("examples/sakura-phr/manifest.yaml"),
          "--profile", "starter", "--offline",  "--quiet",
          "--format",  formats,   "--out",      out};
}

void Keys(const test::TempDir& dir) {
  std::string d = dir.path().string();
  REQUIRE(std::system(
              ("openssl genpkey -algorithm ed25519 -out " + d + "/k.pem 2>/dev/null").c_str()) ==
          0);
  REQUIRE(std::system(("openssl pkey -in " + d + "/k.pem -pubout -out " + d + "/k.pub").c_str()) ==
          0);
}

// The files report.json says its run wrote, by name.
std::set<std::string> RunFiles(const fs::path& out) {
  auto doc = nlohmann::json::parse(test::ReadText(out / "report.json"), nullptr, false);
  std::set<std::string> names;
  if (!doc.is_object() || !doc.contains("run_files")) {
    FAIL_CHECK("report.json records no run_files");
    return names;
  }
  for (const auto& f : doc.at("run_files")) {
    std::string name = f.at("name");
    names.insert(name);
    CHECK(f.at("sha256") == Sha256Hex(test::ReadText(out / name)));
    CHECK(f.at("size") == fs::file_size(out / name));
  }
  return names;
}

// Starts `argv` with its output discarded, without waiting. Everything the child needs is made
// before fork (the test process has threads), and the test framework's signal handlers are not
// inherited by a child signalled before it execs.
pid_t Start(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  sigset_t signals, old;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigprocmask(SIG_BLOCK, &signals, &old);
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    sigprocmask(SIG_SETMASK, &old, nullptr);
    int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execv(args[0], args.data());
    _exit(127);
  }
  sigprocmask(SIG_SETMASK, &old, nullptr);
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The folder holds exactly one run's files, as its report.json records them.
void CheckOneRun(const fs::path& out) {
  std::set<std::string> listed = RunFiles(out);
  listed.insert("report.json");
  CHECK(Listing(out) == listed);
}

// Nothing but the output folder itself beside it: no staging folder, lock or temporary file.
void CheckNothingBeside(const fs::path& parent, const std::string& out_name) {
  CHECK(Listing(parent) == std::set<std::string>{out_name});
}

}  // namespace

TEST_CASE(
    "a later audit with fewer formats leaves no earlier file, and signing covers only its own") {
  test::TempDir dir, keys;
  Keys(keys);
  fs::path out = dir.path() / "out";
  auto first = Run(Audit(out.string(), "all"));
  REQUIRE(first.exit_code == 0);
  CHECK(Listing(out).count("report.sarif") == 1);
  CheckOneRun(out);
  // The earlier run probed too: its evidence.json lies in the folder.
  std::ofstream(out / "evidence.json") << "{\"format\": \"checker-evidence\", \"stale\": true}\n";

  auto second = Run(Audit(out.string(), "html"));
  REQUIRE(second.exit_code == 0);
  CHECK(Listing(out) == std::set<std::string>{"report.html", "report.json"});
  CHECK(RunFiles(out) == std::set<std::string>{"report.html"});
  CheckNothingBeside(dir.path(), "out");
  std::string report = (out / "report.json").string();
  std::string key = (keys.path() / "k.pem").string(), pub = (keys.path() / "k.pub").string();
  auto sign = Run({kChecker, "sign", "--key", key, report});
  REQUIRE(sign.exit_code == 0);
  auto sig = nlohmann::json::parse(test::ReadText(report + ".sig"));
  REQUIRE(sig.at("files").size() == 1);
  CHECK(sig.at("files")[0].at("path") == "report.html");
  CHECK(Run({kChecker, "verify", "--pubkey", pub, report}).exit_code == 0);

  SECTION("a file added after the run is refused by verify and by sign") {
    std::ofstream(out / "evidence.json") << "{\"planted\": true}\n";
    auto verify = Run({kChecker, "verify", "--pubkey", pub, report});
    CHECK(verify.exit_code == 1);
    CHECK(verify.out.find("NOT VERIFIED: evidence.json does not belong to the signed run") !=
          std::string::npos);
    auto resign = Run({kChecker, "sign", "--key", key, report});
    CHECK(resign.exit_code == 2);
    CHECK(resign.err.find("evidence.json does not belong to the audit that wrote the report") !=
          std::string::npos);
  }
  SECTION("a run file that is removed or changed fails verify; sign refuses a changed one") {
    std::ofstream(out / "report.html", std::ios::app) << "<!-- edited -->";
    auto verify = Run({kChecker, "verify", "--pubkey", pub, report});
    CHECK(verify.exit_code == 1);
    CHECK(verify.out.find("report.html has changed since it was signed") != std::string::npos);
    auto resign = Run({kChecker, "sign", "--key", key, report});
    CHECK(resign.exit_code == 2);
    CHECK(resign.err.find("report.html is not the file the audit wrote") != std::string::npos);
    fs::remove(out / "report.html");
    CHECK(Run({kChecker, "verify", "--pubkey", pub, report}).exit_code == 1);
  }
  SECTION("a folder holding files checker did not write is not replaced") {
    std::ofstream(out / "notes.txt") << "mine\n";
    auto third = Run(Audit(out.string(), "sarif"));
    CHECK(third.exit_code == 4);
    CHECK(third.err.find("notes.txt: is not a file checker writes") != std::string::npos);
    CHECK(Listing(out) ==
          std::set<std::string>{"notes.txt", "report.html", "report.json", "report.json.sig"});
    CheckNothingBeside(dir.path(), "out");
  }
}

TEST_CASE("two audits into one folder at the same time never mix their files") {
  test::TempDir dir;
  fs::path out = dir.path() / "out";
  for (int round = 0; round < 4; ++round) {
    pid_t a = Start(Audit(out.string(), "html,markdown"));
    pid_t b = Start(Audit(out.string(), "sarif,junit,badge"));
    INFO("round " << round);
    CHECK(Wait(a) == 0);
    CHECK(Wait(b) == 0);
    auto files = Listing(out);
    CHECK((files == std::set<std::string>{"report.html", "report.md", "report.json"} ||
           files == std::set<std::string>{"report.sarif", "report.junit.xml", "badge.svg",
                                          "report.json"}));
    CheckOneRun(out);
    CheckNothingBeside(dir.path(), "out");
  }
}

TEST_CASE("a file size limit (SIGXFSZ) fails the write cleanly: exit 4, no temporary file") {
  test::TempDir dir;
  fs::path out = dir.path() / "out";
  REQUIRE(Run(Audit(out.string(), "html")).exit_code == 0);
  std::string before = test::ReadText(out / "report.json");
  std::string command = "ulimit -f 16; exec";  // 16 blocks: less than report.json needs
  for (const auto& a : Audit(out.string(), "all")) command += " '" + a + "'";
  auto r = Run({"/bin/sh", "-c", command});
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("File too large; nothing was written") != std::string::npos);
  CHECK(test::ReadText(out / "report.json") == before);
  CHECK(Listing(out) == std::set<std::string>{"report.html", "report.json"});
  CheckNothingBeside(dir.path(), "out");
}

TEST_CASE("two signals while the reports are committed leave one whole run and no temporary file") {
  test::TempDir dir;
  fs::path out = dir.path() / "out";
  REQUIRE(Run(Audit(out.string(), "html")).exit_code == 0);
  // An offline audit spends most of its time flushing its files: signals sent at these delays
  // land before, during and after the commit.
  for (int delay_ms = 0; delay_ms <= 300; delay_ms += 15) {
    pid_t pid = Start(Audit(out.string(), "all"));
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    kill(pid, SIGTERM);
    int code = Wait(pid);
    INFO("signals after " << delay_ms << " ms: exit " << code);
    CHECK((code == 0 || code == 143));
    for (const auto& name : Listing(out)) CHECK(name.front() != '.');  // no temporary file
    CheckOneRun(out);
    CheckNothingBeside(dir.path(), "out");
  }
}

TEST_CASE("verify reads only regular files: a FIFO or a device is refused at once") {
  test::TempDir dir;
  Keys(dir);
  fs::path out = dir.path() / "out";
  std::string report = (out / "report.json").string();
  // A signed folder with an evidence.json (added to the signature with --file).
  REQUIRE(Run(Audit(out.string(), "html")).exit_code == 0);
  std::ofstream(out / "evidence.json") << "{}\n";
  REQUIRE(Run({kChecker, "sign", "--key", (dir.path() / "k.pem").string(), "--file",
               "evidence.json", report})
              .exit_code == 0);
  std::string pub = (dir.path() / "k.pub").string();
  REQUIRE(Run({kChecker, "verify", "--pubkey", pub, report}).exit_code == 0);

  auto verify_bounded = [&] {
    // SIGKILL after 5 s: a verify that blocks on a FIFO or reads /dev/zero shows as -1 / 137.
    return test::RunAndSignal({kChecker, "verify", "--pubkey", pub, report}, SIGKILL, 5000, 1000);
  };
  SECTION("evidence.json is a FIFO") {
    fs::remove(out / "evidence.json");
    REQUIRE(mkfifo((out / "evidence.json").c_str(), 0644) == 0);
    auto r = verify_bounded();
    CHECK(r.exit_code == 1);
    CHECK(r.elapsed_ms < 2000);
    CHECK(r.out.find("evidence.json: is a FIFO, not a regular file") != std::string::npos);
  }
  SECTION("evidence.json leads to /dev/zero") {
    fs::remove(out / "evidence.json");
    fs::create_symlink("/dev/zero", out / "evidence.json");
    auto r = verify_bounded();
    CHECK(r.exit_code == 1);
    CHECK(r.elapsed_ms < 2000);
    CHECK(r.out.find("evidence.json: is a symbolic link, not a regular file") != std::string::npos);
  }
  SECTION("the signature file is a FIFO") {
    fs::remove(report + ".sig");
    REQUIRE(mkfifo((report + ".sig").c_str(), 0644) == 0);
    auto r = verify_bounded();
    CHECK(r.exit_code == 1);
    CHECK(r.elapsed_ms < 2000);
  }
}

TEST_CASE("sign takes the output folder's lock: it waits for an audit's commit into the folder") {
  test::TempDir dir, keys;
  Keys(keys);
  fs::path out = dir.path() / "out";
  REQUIRE(Run(Audit(out.string(), "html")).exit_code == 0);
  std::string report = (out / "report.json").string();
  // The lock an audit holds while it replaces the folder (`.out.lock` beside it), held here by
  // flock(1) for 1.5 s from the moment `held` exists.
  fs::path held = dir.path() / "held";
  pid_t holder = Start({"/usr/bin/flock", (dir.path() / ".out.lock").string(), "-c",
                        "touch '" + held.string() + "'; sleep 1.5"});
  for (int i = 0; i < 500 && !fs::exists(held); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(fs::exists(held));
  auto started = std::chrono::steady_clock::now();
  auto sign = Run({kChecker, "sign", "--key", (keys.path() / "k.pem").string(), report});
  double waited_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  CHECK(Wait(holder) == 0);
  CHECK(sign.exit_code == 0);
  CHECK(waited_ms > 1000);  // signed only after the lock was let go
  CHECK(Run({kChecker, "verify", "--pubkey", (keys.path() / "k.pub").string(), report}).exit_code ==
        0);
  fs::remove(held);
  CheckNothingBeside(dir.path(), "out");  // sign removed the lock file when done
}
