// The certificate lifecycle: every status a sequence of events gives, every transition refused
// with its reason, and events surviving a round trip through the log's entries.

#include "checker/certificate_events.h"

#include <catch2/catch.hpp>
#include <cstdlib>

#include "support/test_support.h"

using namespace checker;

namespace {

Ed25519Key NewKey(const test::TempDir& dir) {
  std::string path = (dir.path() / "key.pem").string();
  REQUIRE(std::system(
              ("openssl genpkey -algorithm ed25519 -out " + path + " 2>/dev/null").c_str()) == 0);
  std::string error;
  auto key = Ed25519Key::ReadPrivate(path, &error);
  REQUIRE(key);
  return std::move(*key);
}

CertificateEvent Issue(const Ed25519Key& key, const std::string& service, const std::string& date,
                       const std::string& report = "r") {
  AuditResult audit;
  audit.subject.service_id = service;
  audit.subject.service_name = service;
  audit.audit_date = date;
  audit.certification.decision = CertDecision::kCertified;
  std::vector<std::string> refusal;
  auto c = IssueCertificate(audit, report, {date, "1y", ""}, key, &refusal);
  REQUIRE(c);
  return {CertificateEventKind::kIssue, c->id, service, date, "", CertificateToJson(*c), ""};
}

CertificateEvent Event(CertificateEventKind kind, const CertificateEvent& issue,
                       const std::string& date, const std::string& reason = "surveillance") {
  return {kind, issue.certificate_id, issue.service_id, date, reason, "", ""};
}

// Appends when allowed; returns the refusal otherwise.
std::string Record(std::vector<CertificateEvent>& log, const CertificateEvent& e) {
  std::string why = RefuseTransition(log, e);
  if (why.empty()) log.push_back(e);
  return why;
}

std::string State(const std::vector<CertificateEvent>& log, const CertificateEvent& issue,
                  const std::string& today) {
  auto s = StatusOn(issue.certificate_id, log, today);
  REQUIRE(s);
  return std::string(CertificateStateName(s->state));
}

}  // namespace

TEST_CASE("suspend, reinstate and expiry give the status of each day", "[lifecycle]") {
  test::TempDir dir;
  Ed25519Key key = NewKey(dir);
  std::vector<CertificateEvent> log;
  auto issue = Issue(key, "sakura", "2026-01-10");
  REQUIRE(Record(log, issue) == "");
  CHECK(State(log, issue, "2026-01-10") == "valid");
  REQUIRE(Record(log, Event(CertificateEventKind::kSuspend, issue, "2026-03-01")) == "");
  CHECK(State(log, issue, "2026-02-28") == "valid");  // not yet in effect
  CHECK(State(log, issue, "2026-03-01") == "suspended");
  CHECK(StatusOn(issue.certificate_id, log, "2026-03-05")->why ==
        "suspended on 2026-03-01: surveillance");
  CHECK(Record(log, Event(CertificateEventKind::kSuspend, issue, "2026-03-02"))
            .find("only a valid certificate can be suspended") != std::string::npos);
  REQUIRE(Record(log, Event(CertificateEventKind::kReinstate, issue, "2026-03-10")) == "");
  CHECK(State(log, issue, "2026-03-10") == "valid");
  CHECK(State(log, issue, "2027-01-09") == "valid");  // valid through the day before a year on
  CHECK(State(log, issue, "2027-01-10") == "expired");
  CHECK(StatusOn(issue.certificate_id, log, "2027-02-01")->since == "2027-01-10");
  CHECK(
      Record(log, Event(CertificateEventKind::kExpire, issue, "2026-12-01")).find("not expired") !=
      std::string::npos);
  REQUIRE(Record(log, Event(CertificateEventKind::kExpire, issue, "2027-01-10", "")) == "");
  CHECK(Record(log, Event(CertificateEventKind::kRevoke, issue, "2027-01-11"))
            .find("only a valid or suspended certificate can be revoked") != std::string::npos);
}

TEST_CASE("revocation is final; supersession needs a successor for the same service",
          "[lifecycle]") {
  test::TempDir dir;
  Ed25519Key key = NewKey(dir);
  std::vector<CertificateEvent> log;
  auto first = Issue(key, "sakura", "2026-01-10", "r1");
  auto second = Issue(key, "sakura", "2026-06-01", "r2");
  auto other = Issue(key, "hinode", "2026-06-01", "r3");
  REQUIRE(Record(log, first) == "");
  REQUIRE(Record(log, other) == "");
  CHECK(Record(log, first).find("already issued") != std::string::npos);

  auto supersede = Event(CertificateEventKind::kSupersede, first, "2026-06-01", "re-audited");
  supersede.superseded_by = other.certificate_id;
  CHECK(Record(log, supersede).find("not a certificate issued for the same service") !=
        std::string::npos);
  REQUIRE(Record(log, second) == "");
  supersede.superseded_by = second.certificate_id;
  REQUIRE(Record(log, supersede) == "");
  CHECK(State(log, first, "2026-06-02") == "superseded");
  CHECK(State(log, second, "2026-06-02") == "valid");

  CHECK(Record(log, Event(CertificateEventKind::kRevoke, second, "2026-07-01", ""))
            .find("needs a reason") != std::string::npos);
  REQUIRE(Record(log, Event(CertificateEventKind::kRevoke, second, "2026-07-01", "fraud")) == "");
  CHECK(State(log, second, "2026-07-01") == "revoked");
  CHECK(Record(log, Event(CertificateEventKind::kReinstate, second, "2026-07-02"))
            .find("only a suspended certificate can be reinstated") != std::string::npos);
  // Before its own issue: refused like any event dated before the certificate's last one.
  CHECK(Record(log, Event(CertificateEventKind::kSuspend, other, "2026-05-01"))
            .find("events are recorded in the order of their dates") != std::string::npos);
  CHECK(Record(log, Event(CertificateEventKind::kSuspend, second, "2026-06-15"))
            .find("order of their dates") != std::string::npos);
  auto stranger = Event(CertificateEventKind::kSuspend, first, "2026-08-01");
  stranger.certificate_id = "CHK-0000000000000000";
  CHECK(Record(log, stranger).find("no certificate CHK-0000000000000000") != std::string::npos);
}

TEST_CASE("events round-trip through log entries; hostile entries are refused", "[lifecycle]") {
  test::TempDir dir;
  Ed25519Key key = NewKey(dir);
  auto issue = Issue(key, "sakura\n<script>", "2026-01-10");
  auto supersede = Event(CertificateEventKind::kSupersede, issue, "2026-02-01", "new \"audit\"");
  supersede.superseded_by = "CHK-1";
  for (auto e : {issue, supersede, Event(CertificateEventKind::kRevoke, issue, "2026-03-01")}) {
    SignCertificateEvent(e, key);
    std::string line = CertificateEventEntry(e);
    CHECK(line.find('\n') == std::string::npos);
    std::string error;
    auto back = CertificateEventFromEntry(line, &error);
    INFO(error);
    REQUIRE(back);
    CHECK(*back == e);
    CHECK(CheckCertificateEventSignature(*back, key) == "");
    // Any member changed after signing: the signature no longer holds.
    back->reason += ".";
    CHECK(CheckCertificateEventSignature(*back, key).find("does not verify") != std::string::npos);
  }
  std::string error;
  for (
      const char* hostile :
      {"", "[]",
       R"({"event":"delete","certificate_id":"a","service_id":"s","date":"2026-01-01","reason":""})",
       R"({"event":"revoke","certificate_id":"a","service_id":"s","date":"yesterday","reason":"x"})",
       R"({"event":"revoke","certificate_id":"a","service_id":"s","date":"2026-01-01","reason":"x","extra":1})",
       R"({"event":"issue","certificate_id":"a","service_id":"s","date":"2026-01-01","reason":""})"}) {
    INFO(hostile);
    CHECK_FALSE(CertificateEventFromEntry(hostile, &error));
  }
}
