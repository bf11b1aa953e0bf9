// Files named by a review file are untrusted: an attestation's evidence must be a regular file
// inside the review file's folder, of bounded size, and its date a real calendar day. Each
// refusal is a diagnostic at the position in the review file, and nothing blocks.

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "checker/review.h"
#include "checker/source.h"

#include "support/test_support.h"

using namespace checker;
namespace fs = std::filesystem;

namespace {

std::string Diags(const DiagnosticSink& sink) {
  std::string out;
  for (const auto& d : sink.diagnostics()) out += FormatDiagnostic(d);
  return out;
}

AuditResult ManualRule() {
  AuditResult r;
  Finding f;
  f.rule_id = "a.attest";
  f.outcome = Outcome::kManual;
  f.level = Level::kMust;
  f.category = "c";
  r.findings.push_back(f);
  return r;
}

// A review file in `dir`/review/ attesting a.attest on `file` (whose SHA-256 is `hash`).
std::string ReviewFile(const test::TempDir& dir, const std::string& file,
                       const std::string& hash = std::string(64, 'a'),
                       const std::string& date = "2026-11-20") {
  return dir.File("review/review.yaml",
                  "attestations:\n  - rule: a.attest\n    verdict: pass\n"
                  "    evidence: [{file: " +
                      file + ", sha256: " + hash + "}]\n    reviewer: R\n    date: " + date + "\n");
}

// Loads and applies a review; the evidence read must end within 2 s. Should the reader block on
// a FIFO, a helper opens the FIFO's other end after 3 s so that the test ends (and fails).
struct Applied {
  std::optional<Review> review;
  AuditResult result = ManualRule();
  DiagnosticSink sink;
  double ms = 0;
};
void Apply(const std::string& file, Applied* out, const std::string& fifo = "") {
  out->review = LoadReview(file, out->sink);
  if (!out->review) return;
  std::atomic<bool> done{false};
  std::thread unblock([&] {
    for (int i = 0; i < 300 && !done; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!done && !fifo.empty()) {
      int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
      if (fd >= 0) ::close(fd);
    }
  });
  auto started = std::chrono::steady_clock::now();
  ApplyReview(out->result, *out->review, "2026-11-24", out->sink);
  out->ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  done = true;
  unblock.join();
}

}  // namespace

TEST_CASE("an evidence path outside the review file's folder is refused where it is written") {
  test::TempDir dir;
  for (const char* path : {"../../../etc/passwd", "/etc/passwd", "sub/../../policy.md"}) {
    INFO(path);
    std::string file = ReviewFile(dir, path);
    DiagnosticSink sink;
    CHECK(!LoadReview(file, sink));
    std::string diags = Diags(sink);
    CHECK(diags.find(file + ":4:23: error[C400]: evidence file '" + std::string(path) + "'") !=
          std::string::npos);
  }
}

TEST_CASE("an evidence file must be a regular file of bounded size; nothing blocks") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "review");
  Applied a;
  SECTION("a FIFO") {
    std::string fifo = (dir.path() / "review" / "policy.md").string();
    REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
    Apply(ReviewFile(dir, "policy.md"), &a, fifo);
    INFO(Diags(a.sink));
    CHECK(Diags(a.sink).find(":4:16: error[C401]: evidence file policy.md: is a FIFO, not a "
                             "regular file") != std::string::npos);
  }
  SECTION("a symbolic link to /dev/zero") {
    fs::create_symlink("/dev/zero", dir.path() / "review" / "policy.md");
    Apply(ReviewFile(dir, "policy.md"), &a);
    CHECK(Diags(a.sink).find(":4:16: error[C401]: evidence file policy.md: leads outside the "
                             "review file's folder (to /dev/zero)") != std::string::npos);
  }
  SECTION("a symbolic link to a file outside the folder") {
    dir.File("secret.txt", "outside\n");
    fs::create_symlink("../secret.txt", dir.path() / "review" / "policy.md");
    Apply(ReviewFile(dir, "policy.md", Sha256Hex("outside\n")), &a);
    CHECK(Diags(a.sink).find("leads outside the review file's folder") != std::string::npos);
  }
  SECTION("a file larger than 64 MiB") {
    std::string big = dir.File("review/policy.md", "");
    fs::resize_file(big, (uint64_t{64} << 20) + 1);  // 64 MiB + 1, sparse: nothing is written
    Apply(ReviewFile(dir, "policy.md"), &a);
    CHECK(Diags(a.sink).find("evidence file policy.md: is larger than the limit of 67108864 "
                             "bytes") != std::string::npos);
  }
  REQUIRE(a.review);
  CHECK(a.ms < 2000);
  CHECK(a.result.findings[0].outcome == Outcome::kError);
  CHECK(a.result.findings[0].message.find("cannot be relied on: evidence file policy.md cannot be "
                                          "read") != std::string::npos);
}

TEST_CASE("a symbolic link that stays inside the review file's folder is followed") {
  test::TempDir dir;
  dir.File("review/docs/policy-v2.md", "approved\n");
  fs::create_symlink("docs/policy-v2.md", dir.path() / "review" / "policy.md");
  Applied a;
  Apply(ReviewFile(dir, "policy.md", Sha256Hex("approved\n")), &a);
  INFO(Diags(a.sink));
  CHECK(a.result.findings[0].outcome == Outcome::kPass);
}

TEST_CASE("an attestation's date must be a calendar date") {
  test::TempDir dir;
  for (const char* date : {"2026-02-30", "9999-99-99", "2025-02-29", "2026-13-01", "2026-04-31"}) {
    INFO(date);
    std::string file = ReviewFile(dir, "policy.md", std::string(64, 'a'), date);
    DiagnosticSink sink;
    CHECK(!LoadReview(file, sink));
    CHECK(Diags(sink).find(file +
                           ":6:11: error[C207]: 'date' must be a calendar date YYYY-MM-DD, "
                           "not '" +
                           std::string(date) + "'") != std::string::npos);
  }
  for (const char* date : {"2028-02-29", "2000-02-29", "2026-12-31"}) {
    INFO(date);
    DiagnosticSink sink;
    CHECK(LoadReview(ReviewFile(dir, "policy.md", std::string(64, 'a'), date), sink));
  }
}
