#pragma once
// A certificate's lifecycle (docs/certificates.md): the events a certification body records
// (issue, suspend, reinstate, revoke, supersede; expiry is a date passing, recorded when the
// registry is built), which transitions are allowed, and the status the events give a
// certificate on a day. Every event is also an entry of the transparency log (docs/registry.md).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checker/certificate.h"

namespace checker {

enum class CertificateEventKind : uint8_t {
  kIssue,
  kSuspend,
  kReinstate,
  kRevoke,
  kSupersede,  // a newer certificate for the same service replaced it
  kExpire,
};
std::string_view CertificateEventName(CertificateEventKind k);  // "issue", "suspend", ...
std::optional<CertificateEventKind> ParseCertificateEventKind(std::string_view s);

struct CertificateEvent {
  CertificateEventKind kind = CertificateEventKind::kIssue;
  std::string certificate_id;
  std::string service_id;
  std::string date;              // YYYY-MM-DD: when it takes effect
  std::string reason;            // why (required for suspend, revoke, reinstate)
  std::string certificate_json;  // kIssue: the certificate as issued (signed)
  std::string superseded_by;     // kSupersede: the new certificate's id
  /// The certification body's signature over the entry without it (SignCertificateEvent).
  std::string signer_key_sha256 = {};
  std::string signature = {};
  bool operator==(const CertificateEvent&) const = default;
};

/// Signs the event with the certification body's key (fills signer_key_sha256 and signature).
void SignCertificateEvent(CertificateEvent& e, const Ed25519Key& key);
/// "" when the event is signed by `key`; else why not.
std::string CheckCertificateEventSignature(const CertificateEvent& e, const Ed25519Key& key);

/// The event as a transparency-log entry: canonical JSON on one line.
std::string CertificateEventEntry(const CertificateEvent& e);
/// An entry read back (untrusted): nullopt with the reason in `error`.
std::optional<CertificateEvent> CertificateEventFromEntry(std::string_view line,
                                                          std::string* error);

enum class CertificateState : uint8_t { kValid, kExpired, kSuspended, kRevoked, kSuperseded };
std::string_view CertificateStateName(CertificateState s);  // "valid", "expired", ...

struct CertificateStatus {
  CertificateState state = CertificateState::kValid;
  std::string since;  // the date of the event (or expiry) that put it in this state
  std::string why;    // a sentence: "suspended on 2026-12-01: surveillance found ..."
  /// The parts of that sentence, for pages that say it in another language.
  /// issued, suspended, reinstated, revoked, superseded, expired (an expire event) or lapsed
  /// (past its expiry date, no event yet)
  std::string event = "issued";
  std::string reason;
  std::string superseded_by;
  std::optional<Certificate> certificate;  // as issued
};

/// The status of certificate `id` on `today` from every event recorded so far (in order);
/// nullopt when no issue event names it. Events dated after `today` do not count yet.
std::optional<CertificateStatus> StatusOn(std::string_view id,
                                          std::span<const CertificateEvent> events,
                                          std::string_view today);

/// Why `next` may not follow `events` ("" when it may): a suspension of a certificate that is
/// not valid, a reinstatement of one that is not suspended, a revocation of one already revoked,
/// superseded or expired, an event for an unknown certificate, a second issue of one id, an event
/// dated before the certificate's issue or before its last event, a missing reason.
std::string RefuseTransition(std::span<const CertificateEvent> events,
                             const CertificateEvent& next);

}  // namespace checker
