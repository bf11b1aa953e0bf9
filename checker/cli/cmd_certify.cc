// checker certify / certificate: certificates a certification body issues for audits that
// qualify, and their verification (docs/certificates.md).

#include <cstdio>
#include <filesystem>

#include "checker/audit.h"
#include "checker/certificate.h"
#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"
#include "cli/common.h"

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
};
constexpr OptionSpec kCertificateOptions[] = {
    {"pubkey", "PEM", "the certification body's Ed25519 public key"},
    {"report", "FILE", "the report the certificate rests on: its SHA-256 must match"},
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

int VerifyCommand(const Args& args) {
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
  if (problems.empty())
    std::printf("verified: %s, %s grade %s, issued %s, expires %s (status: see the registry)\n",
                TerminalSafe(c->id).c_str(), TerminalSafe(c->service_name).c_str(),
                TerminalSafe(c->grade).c_str(), TerminalSafe(c->issued).c_str(),
                TerminalSafe(c->expires).c_str());
  return problems.empty() ? kExitOk : kExitFindings;
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

int RunCertificate(Argv raw) {
  Args args;
  if (auto exit = StartCommand("certificate", "verify FILE --pubkey PEM [--report REPORT.json]",
                               "Verifies a certificate's signature with the certification body's\n"
                               "public key (and, with --report, that it rests on that report).\n"
                               "Exit 0 when verified, 1 when not.",
                               kCertificateOptions, raw, &args))
    return *exit;
  if (args.positional.empty()) return UsageError("certificate", "give a subcommand: verify");
  if (args.positional[0] == "verify") return VerifyCommand(args);
  return UsageError("certificate", UnknownName("subcommand", args.positional[0], {"verify"}));
}

}  // namespace checker::cli
