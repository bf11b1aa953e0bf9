// checker certify: the certificate a certification body issues for an audit that qualifies
// (docs/certificates.md).

#include <cstdio>
#include <filesystem>

#include "checker/audit.h"
#include "checker/certificate.h"
#include "checker/certificate_store.h"
#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/history_recording.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kCertifyOptions[] = {
    {"key", "PEM", "the certification body's Ed25519 private key"},
    {"valid-for", "DURATION", "how long the certificate is valid: 1y, 6m, 90d (default: 1y)"},
    {"surveil-every", "DURATION",
     "when the next surveillance audit is due (default: half the validity)"},
    {"today", "DATE", "the issue date (default: today, UTC)"},
    {"out", "FILE",
     "where to write the certificate (default: certificate-ID.json beside the report)"},
    {"db", "FILE",
     "record the issue in this history database's certificate log; a valid or suspended "
     "certificate of the same service is superseded by the new one"},
};

// Records the issue, then supersedes the service's earlier certificates still in force.
int RecordIssue(const std::string& db_path, const Certificate& c, const Ed25519Key& key) {
  std::string error;
  auto db = OpenHistory(db_path, /*create=*/true, &error);
  auto events = db ? ReadCertificateEvents(*db, &error) : std::nullopt;
  bool recorded =
      events && RecordCertificateEvent(*db,
                                       {CertificateEventKind::kIssue, c.id, c.service_id, c.issued,
                                        "", CertificateToJson(c), ""},
                                       key, &error);
  if (recorded) {
    for (const auto& e : *events) {
      if (e.kind != CertificateEventKind::kIssue || e.service_id != c.service_id) continue;
      auto status = StatusOn(e.certificate_id, *events, c.issued);
      if (!status || (status->state != CertificateState::kValid &&
                      status->state != CertificateState::kSuspended))
        continue;
      CertificateEvent supersede{CertificateEventKind::kSupersede,
                                 e.certificate_id,
                                 c.service_id,
                                 c.issued,
                                 "re-certified",
                                 "",
                                 c.id};
      if (!RecordCertificateEvent(*db, supersede, key, &error)) {
        recorded = false;
        break;
      }
      std::printf("superseded: %s\n", TerminalSafe(e.certificate_id).c_str());
    }
  }
  if (!recorded) {
    std::fprintf(stderr, "checker certify: not recorded in %s: %s\n", TerminalSafe(db_path).c_str(),
                 TerminalSafe(error).c_str());
    return kExitOutput;
  }
  std::printf("recorded in %s\n", TerminalSafe(db_path).c_str());
  return kExitOk;
}

}  // namespace

int RunCertify(Argv raw) {
  Args args;
  if (auto exit = StartCommand(
          "certify", "REPORT.json --key PEM [--valid-for 1y] [--out FILE]",
          "Issues a signed certificate for an audit whose decision is certified or\n"
          "conditional. Exit 0 when issued, 1 when the audit does not qualify (the reasons\n"
          "are printed), 2 on bad input, 4 when the certificate cannot be written.",
          kCertifyOptions, raw, &args))
    return *exit;
  if (args.positional.size() != 1 || !args.Has("key"))
    return UsageError("certify", "give one report and --key PEM");
  std::string error;
  auto key = Ed25519Key::ReadPrivate(args.Get("key"), &error);
  if (!key) return UsageError("certify", "--key: " + error);
  std::string report_sha256;
  auto report = ReadReport(args.positional[0], &report_sha256);
  if (!report) return kExitUsage;
  CertificateTerms terms{args.Get("today", NowIso8601().substr(0, 10)), args.Get("valid-for", "1y"),
                         args.Get("surveil-every")};
  std::vector<std::string> refusal;
  auto certificate = IssueCertificate(*report, report_sha256, terms, *key, &refusal);
  if (!certificate) {
    std::fprintf(stderr, "checker certify: no certificate for %s:\n",
                 TerminalSafe(args.positional[0]).c_str());
    for (const auto& r : refusal) std::fprintf(stderr, "  - %s\n", TerminalSafe(r).c_str());
    return kExitFindings;
  }
  std::string out = args.Get("out", (std::filesystem::path(args.positional[0]).parent_path() /
                                     ("certificate-" + certificate->id + ".json"))
                                        .string());
  // Recorded first: the database holds the certificate as issued, so a file that cannot be
  // written loses nothing the registry publishes.
  if (args.Has("db"))
    if (int exit = RecordIssue(args.Get("db"), *certificate, *key); exit != kExitOk) return exit;
  if (!WriteFileAtomic(out, CertificateToJson(*certificate), &error)) {
    std::fprintf(stderr, "checker certify: %s\n", TerminalSafe(error).c_str());
    return kExitOutput;
  }
  std::printf("certificate %s: %s, %s grade %s, valid %s to %s, surveillance due %s\n",
              certificate->id.c_str(), TerminalSafe(certificate->service_name).c_str(),
              certificate->decision.c_str(), certificate->grade.c_str(),
              certificate->issued.c_str(), certificate->expires.c_str(),
              certificate->surveillance.c_str());
  for (const auto& k : certificate->conditions)
    std::printf("  condition (%s): %s %s\n", k.kind.c_str(), TerminalSafe(k.rule_id).c_str(),
                TerminalSafe(k.title_en).c_str());
  std::printf("written: %s\n", TerminalSafe(out).c_str());
  return kExitOk;
}

}  // namespace checker::cli
