#pragma once
// Certificates (docs/certificates.md): what a certification body issues for an audit whose
// decision allows it. A certificate is canonical JSON signed with Ed25519, like a report's
// signature: it names the service, the profile, every rule pack and edition audited against,
// the decision and grade, the conditions of a conditional certification, its dates, and the
// SHA-256 of the report it rests on.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/result.h"
#include "checker/signing.h"

namespace checker {

/// What a conditional certification leaves open, rule by rule.
struct CertificateCondition {
  std::string kind;  // "attestation" (a reviewer must attest), "gray_zone" (a regulator must
                     // answer), "should_rule" (a should-rule fails, errs or lacks evidence)
  std::string rule_id;
  std::string title_en;
  std::string title_ja;
  bool operator==(const CertificateCondition&) const = default;
};

struct Certificate {
  std::string id;  // "CHK-" and 16 hex digits: safe in file names and URLs
  std::string service_id;
  std::string service_name;
  std::string operator_name;
  std::string profile;
  std::vector<RuleSource> packs;
  std::string decision;  // "certified" or "conditional"
  std::string grade;
  double score = 0;
  std::vector<CertificateCondition> conditions;
  std::string audit_date;
  std::string report_sha256;
  std::string issued;        // YYYY-MM-DD
  std::string expires;       // YYYY-MM-DD: the last day it is valid
  std::string surveillance;  // YYYY-MM-DD: when the next surveillance audit is due
  std::string issuer_key_sha256;
  std::string signature;  // base64 Ed25519 over CertificatePayload
};

struct CertificateTerms {
  std::string issued;         // YYYY-MM-DD
  std::string valid_for;      // a duration: "1 year", "6 months", "90 days"
  std::string surveil_every;  // empty: half the validity
};

/// Issues a certificate for `report` (its bytes hashed to `report_sha256`), or nullopt with the
/// reasons in `refusal`: a decision other than certified or conditional (the report's own reasons
/// follow), terms that do not parse, a report without a service id.
std::optional<Certificate> IssueCertificate(const AuditResult& report,
                                            std::string_view report_sha256,
                                            const CertificateTerms& terms, const Ed25519Key& key,
                                            std::vector<std::string>* refusal);

/// The bytes the signature covers: canonical JSON of every member but the signature.
std::string CertificatePayload(const Certificate& c);
std::string CertificateToJson(const Certificate& c);
/// A certificate read back (untrusted): exactly the members CertificateToJson writes.
std::optional<Certificate> CertificateFromJson(std::string_view text, std::string* error);

/// Problems with a certificate under the issuer's public key: the key it names, the signature.
/// Empty when it verifies. Status (expiry, suspension, revocation) is the registry's business.
std::vector<std::string> VerifyCertificate(const Certificate& c, const Ed25519Key& key);

}  // namespace checker
