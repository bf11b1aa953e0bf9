// Certificate lifecycle: events as log entries, the status they give, and the transitions a
// certification body may record (certificate_events.h).

#include "checker/certificate_events.h"

#include <nlohmann/json.hpp>

#include "checker/dates.h"
#include "checker/encoding.h"

namespace checker {

namespace {

using Json = nlohmann::json;

constexpr std::pair<CertificateEventKind, std::string_view> kEventNames[] = {
    {CertificateEventKind::kIssue, "issue"},         {CertificateEventKind::kSuspend, "suspend"},
    {CertificateEventKind::kReinstate, "reinstate"}, {CertificateEventKind::kRevoke, "revoke"},
    {CertificateEventKind::kSupersede, "supersede"}, {CertificateEventKind::kExpire, "expire"},
};

const CertificateEvent* IssueOf(std::string_view id, std::span<const CertificateEvent> events) {
  for (const auto& e : events)
    if (e.kind == CertificateEventKind::kIssue && e.certificate_id == id) return &e;
  return nullptr;
}

// The day after a date, for "expired since".
std::string DayAfter(const std::string& date) {
  auto d = ParseIsoDate(date);
  return d ? FormatIsoDate(After(*d, Duration{1, Duration::Unit::kDays})) : date;
}

std::string ReasonSuffix(const CertificateEvent& e) {
  return e.reason.empty() ? "" : ": " + e.reason;
}

std::string_view EventName(CertificateEventKind k) {
  for (const auto& [kind, name] : kEventNames)
    if (kind == k) return name;
  return "issue";
}

Json EntryMembers(const CertificateEvent& e) {
  Json entry{{"event", EventName(e.kind)},
             {"certificate_id", e.certificate_id},
             {"service_id", e.service_id},
             {"date", e.date},
             {"reason", e.reason}};
  if (e.kind == CertificateEventKind::kIssue)
    entry["certificate"] = Json::parse(e.certificate_json, nullptr, false);
  if (e.kind == CertificateEventKind::kSupersede) entry["superseded_by"] = e.superseded_by;
  entry["signer_key_sha256"] = e.signer_key_sha256;
  return entry;
}

}  // namespace

std::string_view CertificateEventName(CertificateEventKind k) { return EventName(k); }

std::optional<CertificateEventKind> ParseCertificateEventKind(std::string_view s) {
  for (const auto& [kind, name] : kEventNames)
    if (name == s) return kind;
  return std::nullopt;
}

std::string_view CertificateStateName(CertificateState s) {
  switch (s) {
    case CertificateState::kValid:
      return "valid";
    case CertificateState::kExpired:
      return "expired";
    case CertificateState::kSuspended:
      return "suspended";
    case CertificateState::kRevoked:
      return "revoked";
    case CertificateState::kSuperseded:
      return "superseded";
  }
  return "valid";
}

void SignCertificateEvent(CertificateEvent& e, const Ed25519Key& key) {
  e.signer_key_sha256 = key.PublicKeySha256();
  e.signature = Base64(key.Sign(EntryMembers(e).dump()));
}

std::string CheckCertificateEventSignature(const CertificateEvent& e, const Ed25519Key& key) {
  if (e.signer_key_sha256 != key.PublicKeySha256())
    return "the " + std::string(CertificateEventName(e.kind)) + " event of " + e.certificate_id +
           " is signed by another key";
  auto signature = FromBase64(e.signature);
  if (!signature || !key.Verify(EntryMembers(e).dump(), *signature))
    return "the signature of the " + std::string(CertificateEventName(e.kind)) + " event of " +
           e.certificate_id + " does not verify: the event was altered";
  return "";
}

std::string CertificateEventEntry(const CertificateEvent& e) {
  Json entry = EntryMembers(e);
  entry["signature"] = e.signature;
  return entry.dump();
}

std::optional<CertificateEvent> CertificateEventFromEntry(std::string_view line,
                                                          std::string* error) {
  Json entry = Json::parse(line, nullptr, false);
  auto text = [&](const char* member) -> const std::string* {
    return entry.contains(member) && entry[member].is_string()
               ? entry[member].get_ptr<const std::string*>()
               : nullptr;
  };
  if (entry.is_discarded() || !entry.is_object() || !text("event") || !text("certificate_id") ||
      !text("service_id") || !text("date") || !text("reason")) {
    *error = "not a certificate event (event, certificate_id, service_id, date, reason)";
    return std::nullopt;
  }
  CertificateEvent e;
  auto kind = ParseCertificateEventKind(*text("event"));
  if (!kind) {
    *error = "unknown certificate event '" + *text("event") + "'";
    return std::nullopt;
  }
  e.kind = *kind;
  e.certificate_id = *text("certificate_id");
  e.service_id = *text("service_id");
  e.date = *text("date");
  e.reason = *text("reason");
  if (!text("signer_key_sha256") || !text("signature")) {
    *error = "an unsigned certificate event";
    return std::nullopt;
  }
  e.signer_key_sha256 = *text("signer_key_sha256");
  e.signature = *text("signature");
  size_t expected = 7;
  if (e.kind == CertificateEventKind::kIssue) {
    ++expected;
    if (!entry.contains("certificate") || !entry["certificate"].is_object()) {
      *error = "an issue event without its certificate";
      return std::nullopt;
    }
    auto c = CertificateFromJson(entry["certificate"].dump(), error);
    if (!c) return std::nullopt;
    e.certificate_json = CertificateToJson(*c);
  }
  if (e.kind == CertificateEventKind::kSupersede) {
    ++expected;
    if (!text("superseded_by")) {
      *error = "a supersede event without superseded_by";
      return std::nullopt;
    }
    e.superseded_by = *text("superseded_by");
  }
  if (entry.size() != expected || !IsIsoDate(e.date)) {
    *error = "a certificate event with other members, or a date that is not YYYY-MM-DD";
    return std::nullopt;
  }
  return e;
}

std::optional<CertificateStatus> StatusOn(std::string_view id,
                                          std::span<const CertificateEvent> events,
                                          std::string_view today) {
  const CertificateEvent* issue = IssueOf(id, events);
  if (issue == nullptr) return std::nullopt;
  CertificateStatus s;
  std::string error;
  s.certificate = CertificateFromJson(issue->certificate_json, &error);
  s.since = issue->date;
  s.why = "issued on " + issue->date;
  for (const auto& e : events) {
    if (e.certificate_id != id || e.kind == CertificateEventKind::kIssue || e.date > today)
      continue;
    s.since = e.date;
    s.reason = e.reason;
    s.superseded_by = e.kind == CertificateEventKind::kSupersede ? e.superseded_by : "";
    switch (e.kind) {
      case CertificateEventKind::kSuspend:
        s.state = CertificateState::kSuspended;
        s.event = "suspended";
        s.why = "suspended on " + e.date + ReasonSuffix(e);
        break;
      case CertificateEventKind::kReinstate:
        s.state = CertificateState::kValid;
        s.event = "reinstated";
        s.why = "reinstated on " + e.date + ReasonSuffix(e);
        break;
      case CertificateEventKind::kRevoke:
        s.state = CertificateState::kRevoked;
        s.event = "revoked";
        s.why = "revoked on " + e.date + ReasonSuffix(e);
        break;
      case CertificateEventKind::kSupersede:
        s.state = CertificateState::kSuperseded;
        s.event = "superseded";
        s.why = "superseded on " + e.date + " by " + e.superseded_by + ReasonSuffix(e);
        break;
      case CertificateEventKind::kExpire:
        s.state = CertificateState::kExpired;
        s.event = "expired";
        s.why = "expired on " + e.date;
        break;
      case CertificateEventKind::kIssue:
        break;
    }
  }
  const bool open = s.state == CertificateState::kValid || s.state == CertificateState::kSuspended;
  if (open && s.certificate && std::string(today) > s.certificate->expires) {
    s.state = CertificateState::kExpired;
    s.since = DayAfter(s.certificate->expires);
    s.event = "lapsed";
    s.reason.clear();
    s.superseded_by.clear();
    s.why = "expired: it was valid through " + s.certificate->expires;
  }
  return s;
}

std::string RefuseTransition(std::span<const CertificateEvent> events,
                             const CertificateEvent& next) {
  if (!IsIsoDate(next.date)) return "the date '" + next.date + "' is not YYYY-MM-DD";
  for (const auto& e : events)
    if (e.certificate_id == next.certificate_id && e.date > next.date)
      return "the certificate already has an event dated " + e.date +
             "; events are recorded in the order of their dates";
  const CertificateEvent* issue = IssueOf(next.certificate_id, events);
  if (next.kind == CertificateEventKind::kIssue) {
    if (issue != nullptr) return "certificate " + next.certificate_id + " was already issued";
    std::string error;
    auto c = CertificateFromJson(next.certificate_json, &error);
    if (!c) return "the issued certificate does not read back: " + error;
    if (c->id != next.certificate_id || c->service_id != next.service_id || c->issued != next.date)
      return "the issue event does not match its certificate's id, service or issue date";
    return "";
  }
  if (issue == nullptr) return "no certificate " + next.certificate_id + " was issued";
  if (next.service_id != issue->service_id)
    return "the event names service " + next.service_id + "; the certificate is for " +
           issue->service_id;
  const bool needs_reason = next.kind == CertificateEventKind::kSuspend ||
                            next.kind == CertificateEventKind::kRevoke ||
                            next.kind == CertificateEventKind::kReinstate;
  if (needs_reason && next.reason.empty())
    return "a " + std::string(CertificateEventName(next.kind)) + " needs a reason (--reason)";
  auto status = StatusOn(next.certificate_id, events, next.date);
  const CertificateState state = status->state;
  const std::string now =
      "it is " + std::string(CertificateStateName(state)) + " (" + status->why + ")";
  switch (next.kind) {
    case CertificateEventKind::kSuspend:
      return state == CertificateState::kValid
                 ? ""
                 : "only a valid certificate can be suspended; " + now;
    case CertificateEventKind::kReinstate:
      return state == CertificateState::kSuspended
                 ? ""
                 : "only a suspended certificate can be reinstated; " + now;
    case CertificateEventKind::kRevoke:
    case CertificateEventKind::kSupersede:
      if (state != CertificateState::kValid && state != CertificateState::kSuspended)
        return "only a valid or suspended certificate can be " +
               std::string(next.kind == CertificateEventKind::kRevoke ? "revoked" : "superseded") +
               "; " + now;
      if (next.kind == CertificateEventKind::kSupersede) {
        const CertificateEvent* successor = IssueOf(next.superseded_by, events);
        if (successor == nullptr || successor->service_id != next.service_id)
          return "the successor " + next.superseded_by +
                 " is not a certificate issued for the same service";
      }
      return "";
    case CertificateEventKind::kExpire:
      return state == CertificateState::kExpired && status->since <= next.date
                 ? ""
                 : "the certificate has not expired by " + next.date + "; " + now;
    case CertificateEventKind::kIssue:
      break;
  }
  return "";
}

}  // namespace checker
