// The certificate log in the history database: entries in order, a refusal leaves nothing, and
// the table itself refuses updates and deletes.

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "checker/history.h"

#include "support/test_support.h"

using namespace checker;

TEST_CASE("the certificate log appends in order, refuses on request and cannot be rewritten",
          "[history][certificates]") {
  test::TempDir dir;
  const std::string path = (dir.path() / "h.db").string();
  std::string error;
  auto db = HistoryDb::Open(path, {}, &error);
  REQUIRE(db);
  auto allow = [](const std::vector<CertificateLogEntry>&) { return std::string(); };
  REQUIRE(db->AppendCertificateEntry("CHK-1", R"({"n":1})", allow, &error) == 1);
  size_t seen = 99;
  auto count_then_allow = [&](const std::vector<CertificateLogEntry>& log) {
    seen = log.size();
    return std::string();
  };
  REQUIRE(db->AppendCertificateEntry("CHK-1", R"({"n":2})", count_then_allow, &error) == 2);
  CHECK(seen == 1);
  auto refuse = [](const std::vector<CertificateLogEntry>&) { return std::string("no, because"); };
  CHECK_FALSE(db->AppendCertificateEntry("CHK-2", R"({"n":3})", refuse, &error));
  CHECK(error == "no, because");
  auto log = db->CertificateLog(&error);
  REQUIRE(log);
  REQUIRE(log->size() == 2);
  CHECK((*log)[1].entry == R"({"n":2})");
  CHECK((*log)[1].seq == 2);

  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  for (const char* sql : {"DELETE FROM certificate_events",
                          "UPDATE certificate_events SET entry = '{}' WHERE seq = 1"}) {
    char* message = nullptr;
    CHECK(sqlite3_exec(raw, sql, nullptr, nullptr, &message) != SQLITE_OK);
    CHECK(std::string(message ? message : "").find("append-only") != std::string::npos);
    sqlite3_free(message);
  }
  sqlite3_close(raw);
  CHECK(db->CertificateLog(&error)->size() == 2);
}
