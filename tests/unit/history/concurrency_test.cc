// Several writers at once (processes and threads), and crash consistency: a writer killed in the
// middle of recording, and a failure injected between the statements of one audit.

#include <catch2/catch.hpp>
#include <chrono>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "checker/history.h"

#include "support/test_support.h"
#include "unit/history/history_fixtures.h"

using namespace checker;

namespace {

std::vector<std::pair<std::string, Outcome>> Rules(size_t n, size_t failing) {
  std::vector<std::pair<std::string, Outcome>> rules;
  for (size_t i = 0; i < n; ++i)
    rules.push_back(
        {"pack.rule-" + std::to_string(i), i < failing ? Outcome::kFail : Outcome::kPass});
  return rules;
}

test::MadeAudit Numbered(const std::string& writer, int i, size_t rules = 20) {
  char date[16];
  std::snprintf(date, sizeof date, "2026-%02d-%02d", 1 + i / 28 % 12, 1 + i % 28);
  return test::MakeAudit(writer + "-vendor-" + std::to_string(i % 5), date,
                         CertDecision::kCertified, Grade::kA, 90 + i % 10,
                         Rules(rules, static_cast<size_t>(i) % 3));
}

// Records `count` audits as `writer` in a child process; returns its pid. The child exits 0
// when every audit was recorded.
pid_t ForkWriter(const std::string& path, const std::string& writer, int count, size_t rules = 20) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  std::string error;
  auto db = HistoryDb::Open(path, {}, &error);
  if (!db) _exit(10);
  for (int i = 0; i < count || count < 0; ++i) {
    auto m = Numbered(writer, i, rules);
    if (!db->Record(m.result, m.inputs, &error)) {
      std::fprintf(stderr, "%s\n", error.c_str());
      _exit(11);
    }
  }
  _exit(0);
}

int ExitStatus(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int64_t Count(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  int64_t v = -1;
  if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK);
  std::string result;
  while (sqlite3_step(s) == SQLITE_ROW)
    result += reinterpret_cast<const char*>(sqlite3_column_text(s, 0)) + std::string("\n");
  sqlite3_finalize(s);
  sqlite3_close(db);
  return result;
}

// No half audit: every audit has all its rule rows, its category and pack, and its report.
void CheckWholeAudits(const std::string& path) {
  CHECK(Count(path,
              "SELECT count(*) FROM audits a WHERE a.rules_total != (SELECT count(*) FROM "
              "rule_outcomes o WHERE o.audit = a.id)") == 0);
  CHECK(Count(path,
              "SELECT count(*) FROM audits a WHERE NOT EXISTS (SELECT 1 FROM archive r "
              "WHERE r.sha256 = a.audit_id)") == 0);
  CHECK(Count(path,
              "SELECT count(*) FROM audits a WHERE NOT EXISTS (SELECT 1 FROM "
              "audit_categories c WHERE c.audit = a.id)") == 0);
  CHECK(Count(path,
              "SELECT count(*) FROM audits a WHERE NOT EXISTS (SELECT 1 FROM audit_packs p "
              "WHERE p.audit = a.id)") == 0);
  CHECK(Count(path,
              "SELECT count(*) FROM rule_outcomes WHERE audit NOT IN (SELECT id FROM audits)") ==
        0);
}

}  // namespace

TEST_CASE("two processes writing 50 audits each into one database: all 100 are there") {
  test::TempDir dir;
  std::string path = (dir.path() / "h.db").string();
  pid_t a = ForkWriter(path, "first", 50);
  pid_t b = ForkWriter(path, "second", 50);
  CHECK(ExitStatus(a) == 0);
  CHECK(ExitStatus(b) == 0);
  std::string error;
  auto db = HistoryDb::Open(path, {}, &error);
  REQUIRE(db);
  auto vendors = db->Vendors(&error);
  REQUIRE(vendors);
  CHECK(vendors->size() == 10);
  uint32_t audits = 0;
  for (const auto& v : *vendors) audits += v.audits;
  CHECK(audits == 100);
  CHECK(IntegrityCheck(path) == "ok\n");
  CheckWholeAudits(path);
}

TEST_CASE("threads of one process share one database object") {
  test::TempDir dir;
  std::string path = (dir.path() / "h.db").string();
  std::string error;
  auto db = HistoryDb::Open(path, {}, &error);
  REQUIRE(db);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t]() {
      for (int i = 0; i < 25; ++i) {
        auto m = Numbered("thread" + std::to_string(t), i);
        std::string e;
        if (!db->Record(m.result, m.inputs, &e)) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  CHECK(Count(path, "SELECT count(*) FROM audits") == 100);
}

TEST_CASE("a writer killed in the middle of recording leaves a consistent database") {
  test::TempDir dir;
  std::string path = (dir.path() / "h.db").string();
  // Large audits (2,000 rules each), recorded without end until the kill.
  pid_t writer = ForkWriter(path, "killed", -1, 2000);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  kill(writer, SIGKILL);
  CHECK(ExitStatus(writer) == 128 + SIGKILL);
  std::string error;
  auto db = HistoryDb::Open(path, {}, &error);  // recovers the WAL
  INFO(error);
  REQUIRE(db);
  CHECK(IntegrityCheck(path) == "ok\n");
  int64_t audits = Count(path, "SELECT count(*) FROM audits");
  CHECK(audits > 0);
  CheckWholeAudits(path);
  // And it takes the next audit.
  auto m = Numbered("after", 1);
  CHECK(db->Record(m.result, m.inputs, &error));
  CHECK(Count(path, "SELECT count(*) FROM audits") == audits + 1);
}

TEST_CASE("a failure between the statements of a recording leaves no part of the audit") {
  test::TempDir dir;
  std::string path = (dir.path() / "h.db").string();
  for (const char* step :
       {"audit", "categories", "packs", "reviews", "outcomes", "archive", "commit"}) {
    HistoryOptions options;
    options.fault_injection = [step](std::string_view at) { return at != step; };
    std::string error;
    auto db = HistoryDb::Open(path, options, &error);
    REQUIRE(db);
    auto m = Numbered(std::string("fault-") + step, 3);
    CHECK_FALSE(db->Record(m.result, m.inputs, &error));
    CHECK_THAT(error,
               Catch::StartsWith(path + ": recording stopped by an injected fault at " + step));
  }
  for (const char* table :
       {"audits", "audit_categories", "audit_packs", "audit_reviews", "rule_outcomes", "archive"})
    CHECK(Count(path, std::string("SELECT count(*) FROM ") + table) == 0);
  CHECK(IntegrityCheck(path) == "ok\n");
  // Without the fault, the same audit is recorded whole.
  std::string error;
  auto db = HistoryDb::Open(path, {}, &error);
  auto m = Numbered("fault-audit", 3);
  REQUIRE(db->Record(m.result, m.inputs, &error));
  CheckWholeAudits(path);
  CHECK(Count(path, "SELECT count(*) FROM rule_outcomes") == 20);
}
