// The history database file: migration from schema v1, a newer schema, and files that are not a
// history database, cannot be written or stay locked. Every error names the file.

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checker/history.h"

#include "support/test_support.h"
#include "unit/history/history_fixtures.h"

using namespace checker;

namespace {

// A raw SQLite connection, for what the history API must not be able to do itself.
struct RawDb {
  explicit RawDb(const std::string& path) { REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK); }
  ~RawDb() { sqlite3_close(db); }
  void Exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    INFO((message ? message : ""));
    sqlite3_free(message);
    REQUIRE(rc == SQLITE_OK);
  }
  int64_t Int(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return v;
  }
  sqlite3* db = nullptr;
};

const std::vector<std::pair<std::string, Outcome>> kRules = {{"mhlw6.auth.mfa", Outcome::kPass}};

}  // namespace

TEST_CASE("a schema v1 database is migrated on opening and keeps its audits") {
  test::TempDir dir;
  std::string path = (dir.path() / "v1.db").string();
  RawDb(path).Exec(test::ReadText(test::SourceDir() + "/tests/unit/history/v1_database.sql"));
  std::string error;
  auto db = HistoryDb::Open(path, {}, &error);
  INFO(error);
  REQUIRE(db);
  CHECK(db->schema_version() == 1);
  CHECK(RawDb(path).Int("PRAGMA user_version") == kHistorySchemaVersion);
  auto audits = db->Audits("legacy", &error);
  REQUIRE(audits);
  REQUIRE(audits->size() == 2);
  CHECK(audits->at(0).score == 93.5);
  CHECK_FALSE(audits->at(0).report_archived);  // v1 kept no reports
  auto regressions = db->Regressions(&error);
  REQUIRE(regressions);
  REQUIRE(regressions->size() == 1);
  REQUIRE(regressions->at(0).changes.new_failures.size() == 1);
  CHECK(regressions->at(0).changes.new_failures[0].rule_id == "mhlw6.auth.mfa");
  CHECK_FALSE(db->ReportJson(audits->at(0).audit_id, &error));
  CHECK_THAT(error, Catch::Contains("recorded without its report"));
  // What v2 added works on the migrated file.
  auto m = test::MakeAudit("legacy", "2026-04-01", CertDecision::kCertified, Grade::kA, 95, kRules);
  auto recorded = db->Record(m.result, m.inputs, &error);
  REQUIRE(recorded);
  CHECK(db->ReportJson(recorded->audit_id, &error) == m.inputs.report_json);
  // Opening again finds it current.
  auto again = HistoryDb::Open(path, {}, &error);
  REQUIRE(again);
  CHECK(again->schema_version() == kHistorySchemaVersion);
}

TEST_CASE("a database of a newer schema is refused and left unchanged") {
  test::TempDir dir;
  std::string path = (dir.path() / "new.db").string();
  std::string error;
  REQUIRE(HistoryDb::Open(path, {}, &error));
  RawDb(path).Exec("PRAGMA user_version = 99");
  CHECK_FALSE(HistoryDb::Open(path, {}, &error));
  CHECK_THAT(error, Catch::StartsWith(path +
                                      ": has history schema version 99, newer than this "
                                      "checker reads (" +
                                      std::to_string(kHistorySchemaVersion) + ")"));
  CHECK(RawDb(path).Int("PRAGMA user_version") == 99);
}

TEST_CASE("a file that is not a history database is refused, naming it") {
  test::TempDir dir;
  std::string error;
  std::string text = dir.File("notes.db", std::string(4096, 'x'));
  CHECK_FALSE(HistoryDb::Open(text, {}, &error));
  CHECK_THAT(error, Catch::StartsWith(text + ": not a SQLite database"));
  CHECK(test::ReadText(text) == std::string(4096, 'x'));

  std::string other = (dir.path() / "other.db").string();
  RawDb(other).Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
  CHECK_FALSE(HistoryDb::Open(other, {}, &error));
  CHECK_THAT(error, Catch::StartsWith(other + ": is a SQLite database, but not a checker history"));
  CHECK(RawDb(other).Int("SELECT count(*) FROM sqlite_schema") == 1);

  std::string fifo = (dir.path() / "fifo.db").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_FALSE(HistoryDb::Open(fifo, {}, &error));  // at once: nothing reads from the FIFO
  CHECK(error ==
        fifo + ": is not a regular file (a FIFO, socket or device), not a history database");
  HistoryOptions reader;
  reader.read_only = true;
  CHECK_FALSE(HistoryDb::Open("/dev/zero", reader, &error));
  CHECK_THAT(error, Catch::Contains("is not a regular file"));

  CHECK_FALSE(HistoryDb::Open(dir.path().string(), {}, &error));
  CHECK_THAT(error, Catch::Contains("is a folder"));
  HistoryOptions no_create;
  no_create.create = false;
  std::string missing = (dir.path() / "missing.db").string();
  CHECK_FALSE(HistoryDb::Open(missing, no_create, &error));
  CHECK(error == missing + ": no such history database");
  CHECK_FALSE(std::filesystem::exists(missing));
}

TEST_CASE("a writer waits for another's transaction up to the busy timeout, then says so") {
  test::TempDir dir;
  std::string path = (dir.path() / "h.db").string();
  std::string error;
  HistoryOptions options;
  options.busy_timeout_ms = 300;
  auto db = HistoryDb::Open(path, options, &error);
  REQUIRE(db);
  RawDb other(path);
  other.Exec("BEGIN EXCLUSIVE");
  auto m = test::MakeAudit("acme", "2026-04-01", CertDecision::kCertified, Grade::kA, 95, kRules);
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(db->Record(m.result, m.inputs, &error));
  auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= std::chrono::milliseconds(250));
  CHECK_THAT(error, Catch::StartsWith(path + ": locked by another writer for longer than the "
                                             "busy timeout (300 ms)"));
  // Readers are not blocked by a writer (WAL), and the writer gets through once it is free.
  CHECK(db->Vendors(&error));
  other.Exec("COMMIT");
  CHECK(db->Record(m.result, m.inputs, &error));
}

TEST_CASE("a read-only database is refused for writing, naming it, and read for reading") {
  test::TempDir dir;
  std::filesystem::path folder = dir.path() / "shared";
  std::filesystem::create_directory(folder);
  std::string path = (folder / "h.db").string();
  std::string error;
  auto m = test::MakeAudit("acme", "2026-04-01", CertDecision::kCertified, Grade::kA, 95, kRules);
  {
    auto db = HistoryDb::Open(path, {}, &error);
    REQUIRE(db);
    REQUIRE(db->Record(m.result, m.inputs, &error));
  }
  using std::filesystem::perms;
  std::filesystem::permissions(dir.path(),
                               perms::owner_all | perms::others_read | perms::others_exec);
  // The folder too: no WAL index can be created beside the file.
  std::filesystem::permissions(
      folder, perms::owner_read | perms::owner_exec | perms::others_read | perms::others_exec);
  std::filesystem::permissions(path, perms::owner_read | perms::others_read);
  // Permissions do not bind root: the check runs as nobody in a child process.
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(pipe_fds[0]);
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(2);
    std::string message;
    auto db = HistoryDb::Open(path, {}, &message);
    auto more =
        test::MakeAudit("acme", "2026-05-01", CertDecision::kCertified, Grade::kA, 95, kRules);
    bool recorded = db && db->Record(more.result, more.inputs, &message);
    if (write(pipe_fds[1], message.data(), message.size()) < 0) _exit(3);
    if (recorded) _exit(1);
    // A reader needs no write access, to the file or to its folder.
    HistoryOptions reader;
    reader.read_only = true;
    std::string ignored;
    auto copy = HistoryDb::Open(path, reader, &ignored);
    auto vendors = copy ? copy->Vendors(&ignored) : std::nullopt;
    _exit(vendors && vendors->size() == 1 ? 0 : 4);
  }
  close(pipe_fds[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, n);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  std::filesystem::permissions(folder, perms::owner_all);  // so that the folder can be removed
  INFO(message);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_THAT(message, Catch::StartsWith(path + ": ") && Catch::Contains("cannot be written"));
}
