// checker certificate verify | status | suspend | reinstate | revoke: a certificate checked, and
// its lifecycle recorded in the history database's certificate log (docs/certificates.md).

#include <cstdio>

#include "checker/audit.h"
#include "checker/certificate_store.h"
#include "checker/dates.h"
#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"
#include "cli/common.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kCertificateOptions[] = {
    {"pubkey", "PEM", "verify: the certification body's Ed25519 public key"},
    {"report", "FILE", "verify: the report the certificate rests on; its SHA-256 must match"},
    {"db", "FILE", "the history database holding the certificate log"},
    {"key", "PEM",
     "suspend, reinstate, revoke: the certification body's private key (signs the event)"},
    {"reason", "TEXT", "suspend, reinstate, revoke: why, as the registry will publish it"},
    {"today", "DATE",
     "the day the event takes effect, or the status is asked for (default: today)"},
};

std::optional<Certificate> ReadCertificate(const std::string& path) {
  std::string text, error;
  if (!ReadRegularFile(path, 1u << 20, &text, &error)) {
    std::fprintf(stderr, "checker certificate: cannot read %s: %s\n", TerminalSafe(path).c_str(),
                 TerminalSafe(error).c_str());
    return std::nullopt;
  }
  auto c = CertificateFromJson(text, &error);
  if (!c)
    std::fprintf(stderr, "checker certificate: %s: %s\n", TerminalSafe(path).c_str(),
                 TerminalSafe(error).c_str());
  return c;
}

// The certificate log of an existing database, opened for writing only to record an event.
std::optional<std::vector<CertificateEvent>> Events(const std::string& db_path,
                                                    std::optional<HistoryDb>* db,
                                                    bool write = false) {
  std::string error;
  HistoryOptions options;
  options.create = false;
  options.read_only = !write;
  *db = HistoryDb::Open(db_path, options, &error);
  auto events = *db ? ReadCertificateEvents(**db, &error) : std::nullopt;
  if (!events) std::fprintf(stderr, "checker certificate: %s\n", TerminalSafe(error).c_str());
  return events;
}

// Prints the status; exit 0 when valid, 1 otherwise.
int PrintStatus(const std::string& id, const std::vector<CertificateEvent>& events,
                const std::string& today) {
  auto status = StatusOn(id, events, today);
  if (!status) {
    std::printf("%s: no such certificate in the log\n", TerminalSafe(id).c_str());
    return kExitFindings;
  }
  std::printf("%s: %s on %s (%s)\n", TerminalSafe(id).c_str(),
              std::string(CertificateStateName(status->state)).c_str(), today.c_str(),
              TerminalSafe(status->why).c_str());
  return status->state == CertificateState::kValid ? kExitOk : kExitFindings;
}

int Verify(const Args& args, const std::string& today) {
  if (args.positional.size() != 2 || !args.Has("pubkey"))
    return UsageError("certificate", "verify takes one certificate file and --pubkey PEM");
  std::string error;
  auto key = Ed25519Key::ReadPublic(args.Get("pubkey"), &error);
  if (!key) return UsageError("certificate", "--pubkey: " + error);
  auto c = ReadCertificate(args.positional[1]);
  if (!c) return kExitUsage;
  auto problems = VerifyCertificate(*c, *key);
  if (args.Has("report")) {
    std::string hash;
    uint64_t size = 0;
    if (!HashRegularFile(args.Get("report"), 1ull << 32, &hash, &size, &error))
      return UsageError("certificate", "--report " + args.Get("report") + ": " + error);
    if (hash != c->report_sha256)
      problems.push_back("the certificate rests on another report (sha256 " + c->report_sha256 +
                         "), not " + args.Get("report") + " (sha256 " + hash + ")");
  }
  for (const auto& p : problems) std::printf("NOT VERIFIED: %s\n", TerminalSafe(p).c_str());
  if (!problems.empty()) return kExitFindings;
  std::printf("verified: %s, %s grade %s, issued %s, expires %s\n", TerminalSafe(c->id).c_str(),
              TerminalSafe(c->service_name).c_str(), TerminalSafe(c->grade).c_str(),
              TerminalSafe(c->issued).c_str(), TerminalSafe(c->expires).c_str());
  if (!args.Has("db")) {
    std::printf("status: not checked (give --db, or see the registry)\n");
    return kExitOk;
  }
  std::optional<HistoryDb> db;
  auto events = Events(args.Get("db"), &db);
  if (!events) return kExitUsage;
  // A signature proves issue, not standing: a revoked certificate is refused.
  return PrintStatus(c->id, *events, today);
}

int Record(const Args& args, CertificateEventKind kind, const std::string& today) {
  const std::string verb(CertificateEventName(kind));
  if (args.positional.size() != 2 || !args.Has("db") || !args.Has("key"))
    return UsageError("certificate", verb + " takes one certificate id, --db FILE and --key PEM");
  std::string error;
  auto key = Ed25519Key::ReadPrivate(args.Get("key"), &error);
  if (!key) return UsageError("certificate", "--key: " + error);
  std::optional<HistoryDb> db;
  auto events = Events(args.Get("db"), &db, /*write=*/true);
  if (!events) return kExitUsage;
  const std::string& id = args.positional[1];
  std::string service;
  for (const auto& e : *events)
    if (e.kind == CertificateEventKind::kIssue && e.certificate_id == id) service = e.service_id;
  CertificateEvent event{kind, id, service, today, args.Get("reason"), "", ""};
  if (!RecordCertificateEvent(*db, event, *key, &error)) {
    std::fprintf(stderr, "checker certificate %s %s: refused: %s\n", verb.c_str(),
                 TerminalSafe(id).c_str(), TerminalSafe(error).c_str());
    return kExitFindings;
  }
  auto after = ReadCertificateEvents(*db, &error);
  return after ? (PrintStatus(id, *after, today), kExitOk) : kExitUsage;
}

}  // namespace

int RunCertificate(Argv raw) {
  Args args;
  if (auto exit = StartCommand(
          "certificate",
          "verify FILE --pubkey PEM [--report REPORT.json] [--db FILE]\n"
          "       status ID --db FILE\n"
          "       suspend|reinstate|revoke ID --db FILE --key PEM --reason TEXT",
          "verify: checks a certificate's signature (and, with --db, that it is in force).\n"
          "status: valid, expired, suspended, revoked or superseded, and why.\n"
          "suspend, reinstate, revoke: records a signed event in the certificate log.\n"
          "Exit 0 when verified / valid / recorded, 1 when not, 2 on bad input.",
          kCertificateOptions, raw, &args))
    return *exit;
  if (args.positional.empty())
    return UsageError("certificate",
                      "give a subcommand: verify, status, suspend, reinstate, revoke");
  const std::string today = args.Get("today", NowIso8601().substr(0, 10));
  if (!IsIsoDate(today)) return UsageError("certificate", "--today needs a date YYYY-MM-DD");
  const std::string& sub = args.positional[0];
  if (sub == "verify") return Verify(args, today);
  if (sub == "status") {
    if (args.positional.size() != 2 || !args.Has("db"))
      return UsageError("certificate", "status takes one certificate id and --db FILE");
    std::optional<HistoryDb> db;
    auto events = Events(args.Get("db"), &db);
    return events ? PrintStatus(args.positional[1], *events, today) : kExitUsage;
  }
  for (auto kind : {CertificateEventKind::kSuspend, CertificateEventKind::kReinstate,
                    CertificateEventKind::kRevoke})
    if (sub == CertificateEventName(kind)) return Record(args, kind, today);
  return UsageError(
      "certificate",
      UnknownName("subcommand", sub, {"verify", "status", "suspend", "reinstate", "revoke"}));
}

}  // namespace checker::cli
