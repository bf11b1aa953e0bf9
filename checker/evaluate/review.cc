#include "checker/review.h"

#include <algorithm>
#include <filesystem>

#include "checker/audit.h"
#include "checker/dates.h"
#include "checker/document.h"

#include "evaluate/identity.h"
#include "evaluate/review_parties.h"

namespace checker {

namespace {

std::string Text(const Node& map, std::string_view key) {
  const Node* n = map.Find(key);
  return n != nullptr && (n->kind == NodeKind::kString || n->kind == NodeKind::kNumber) ? n->text
                                                                                        : "";
}

// Why an evidence path as written may not be used: it must name a file inside the review file's
// folder ("" when it does, as far as its spelling goes; links are resolved when it is read).
std::string EvidencePathProblem(const std::string& path) {
  if (path.empty()) return "is empty";
  std::filesystem::path p(path);
  if (p.is_absolute() || path.front() == '/')
    return "is an absolute path; name a file relative to the review file's folder";
  if (path.find('\0') != std::string::npos) return "contains a NUL byte";
  for (const auto& part : p)
    if (part == "..")
      return "climbs out of the review file's folder ('..'); name a file inside that folder";
  return "";
}

void Require(const Document& doc, const Node& item, std::initializer_list<std::string_view> keys,
             std::string_view what, DiagnosticSink& sink, DiagCode code, bool* ok) {
  for (auto k : keys) {
    if (!Text(item, k).empty()) continue;
    sink.Error(code, doc.Locate(item.position),
               std::string(what) + " needs '" + std::string(k) + "'");
    *ok = false;
  }
}

SourceLocation At(const Document& doc, const Node& item, std::string_view key) {
  const Node* n = item.Find(key);
  return doc.Locate(n != nullptr ? n->position : item.position);
}

// Resolves a waiver's people and organisation, checks its dates and dual control between
// requester and approver, and adds it to the review.
bool ReadWaiver(const Document& doc, const Node& item, Review& review, DiagnosticSink& sink) {
  Waiver w;
  w.rule_id = Text(item, "rule");
  w.justification = Text(item, "justification");
  w.expires = Text(item, "expires");
  w.granted = Text(item, "granted");
  w.location = doc.Locate(item.position);
  bool ok = true;
  std::string approver_org;
  auto requester =
      evaluate::ResolvePerson(review, Text(item, "requested_by"), At(doc, item, "requested_by"),
                              "requested_by", nullptr, sink);
  auto approver = evaluate::ResolvePerson(review, Text(item, "approver"), At(doc, item, "approver"),
                                          "approver", &approver_org, sink);
  if (!requester || !approver) ok = false;
  std::string org_ref = Text(item, "approver_organisation");
  if (!org_ref.empty()) {
    auto org = evaluate::ResolveOrganisation(
        review, org_ref, At(doc, item, "approver_organisation"), "approver_organisation", sink);
    if (!org) {
      ok = false;
    } else if (!approver_org.empty() && !evaluate::SameIdentity(*org, approver_org)) {
      sink.Error(DiagCode::kWaiverInvalid, At(doc, item, "approver_organisation"),
                 "approver_organisation '" + *org +
                     "' differs from the organisation declared for "
                     "the approver ('" +
                     approver_org + "')");
      ok = false;
    }
    if (org) approver_org = *org;
  } else if (approver && approver_org.empty()) {
    sink.Error(DiagCode::kWaiverInvalid, w.location,
               "a waiver needs 'approver_organisation' (or an approver declared with one)");
    ok = false;
  }
  for (auto [key, value] : {std::pair{"expires", &w.expires}, std::pair{"granted", &w.granted}}) {
    if (value->empty() || evaluate::CalendarDay(*value)) continue;
    sink.Error(
        DiagCode::kInvalidDate, At(doc, item, key),
        "'" + std::string(key) + "' must be a calendar date YYYY-MM-DD, not '" + *value + "'");
    ok = false;
  }
  if (ok && !w.granted.empty() && w.granted > w.expires) {
    sink.Error(DiagCode::kInvalidDate, At(doc, item, "expires"),
               "the waiver expires (" + w.expires + ") before it was granted (" + w.granted + ")");
    ok = false;
  }
  if (requester && approver && evaluate::SameIdentity(*requester, *approver)) {
    sink.Error(DiagCode::kWaiverInvalid, At(doc, item, "approver"),
               "dual control: the approver must not be the person who requested the waiver ('" +
                   *approver + "' and '" + *requester + "' name the same person)");
    ok = false;
  }
  if (!ok) return false;
  w.requested_by = *requester;
  w.approver = *approver;
  w.approver_organisation = approver_org;
  review.waivers.push_back(std::move(w));
  return true;
}

// Why a waiver cannot apply to this audit ("" if it can): the operator is not named, approved it
// (dual control, names compared as identities), or the waiver runs too long. Reports an error.
std::string WaiverRefusal(const Waiver& w, const std::string& vendor, const Review& review,
                          const std::string& today, DiagnosticSink& sink) {
  if (vendor.empty()) {
    sink.Error(DiagCode::kWaiverInvalid, w.location,
               "dual control: a waiver applies only when the manifest names the vendor's operator "
               "(service.operator.name), so that its approver can be shown to be someone else");
    return "was not applied: the manifest does not name its operator";
  }
  std::string problem;
  auto vendor_identity = evaluate::ReadIdentity(vendor, &problem);
  if (!vendor_identity) {
    sink.Error(DiagCode::kWaiverInvalid, w.location,
               "dual control: the operator's name (service.operator.name) " + problem);
    return "was not applied: the operator's name " + problem;
  }
  auto approver_org = evaluate::ReadIdentity(w.approver_organisation, &problem);
  if (!approver_org || evaluate::SameIdentity(*approver_org, *vendor_identity)) {
    sink.Error(DiagCode::kWaiverInvalid, w.location,
               "dual control: a waiver cannot be approved by the audited vendor (" + vendor + ")");
    return "approved by the vendor itself was refused";
  }
  auto start = evaluate::CalendarDay(w.granted.empty() ? today : w.granted);
  auto end = evaluate::CalendarDay(w.expires);
  if (!start || !end) {
    sink.Error(DiagCode::kInvalidDate, w.location,
               "the waiver's dates cannot be judged against '" + today + "'");
    return "was not applied: its dates cannot be judged";
  }
  if (*end - *start > review.max_waiver_days) {
    std::string from = w.granted.empty() ? "today (" + today + ")" : w.granted;
    sink.Error(DiagCode::kWaiverInvalid, w.location,
               "waiver of " + w.rule_id + " runs " + std::to_string(*end - *start) +
                   " days, from " + from + " to " + w.expires + ": longer than the maximum of " +
                   std::to_string(review.max_waiver_days) + " days (--max-waiver-days)");
    return "running until " + w.expires + " was refused: longer than " +
           std::to_string(review.max_waiver_days) + " days";
  }
  return "";
}

}  // namespace

bool ReadEvidenceFile(const std::string& directory, const std::string& path, std::string* content,
                      std::string* error) {
  namespace fs = std::filesystem;
  if (std::string why = EvidencePathProblem(path); !why.empty()) {
    *error = why;
    return false;
  }
  std::error_code ec;
  fs::path base = fs::canonical(directory.empty() ? fs::path(".") : fs::path(directory), ec);
  fs::path target = ec ? fs::path() : fs::canonical(base / path, ec);
  if (ec) {
    *error = ec.message();
    return false;
  }
  // Symbolic links are followed, and where they lead is checked again: inside the folder.
  auto [b, t] = std::mismatch(base.begin(), base.end(), target.begin(), target.end());
  if (b != base.end()) {
    *error = "leads outside the review file's folder (to " + target.string() + ")";
    return false;
  }
  return ReadRegularFile(target.string(), kMaxEvidenceFileBytes, content, error);
}

std::optional<Review> LoadReview(const std::string& path, DiagnosticSink& sink) {
  size_t errors = sink.error_count();
  auto doc = LoadDocument(path, DocumentLimits{}, sink);
  if (!doc) return std::nullopt;
  Review review;
  review.directory = std::filesystem::path(path).parent_path().string();
  if (!doc->root.is_map()) {
    sink.Error(DiagCode::kAttestationInvalid, doc->Locate(doc->root.position),
               "a review file is a mapping with 'attestations' and/or 'waivers'");
    return std::nullopt;
  }
  for (const auto& m : doc->root.members)
    if (m.key != "attestations" && m.key != "waivers" && m.key != "people" &&
        m.key != "organisations")
      sink.Error(DiagCode::kUnknownKey, doc->Locate(m.key_position),
                 "unknown key '" + m.key +
                     "' in review file (attestations, waivers, people, organisations)");
  if (!evaluate::ReadParties(*doc, review, sink)) return std::nullopt;
  if (const Node* list = doc->root.Find("attestations"); list != nullptr && list->is_list()) {
    for (const auto& item : list->items) {
      bool ok = evaluate::OnlyKnownKeys(
          *doc, item, {"rule", "verdict", "evidence", "reviewer", "date", "comment"},
          "an attestation", DiagCode::kAttestationInvalid, sink);
      Require(*doc, item, {"rule", "verdict", "reviewer", "date"}, "an attestation", sink,
              DiagCode::kAttestationInvalid, &ok);
      Attestation a;
      a.rule_id = Text(item, "rule");
      std::string verdict = Text(item, "verdict");
      if (!verdict.empty() && verdict != "pass" && verdict != "fail") {
        sink.Error(DiagCode::kAttestationInvalid, doc->Locate(item.Find("verdict")->position),
                   "verdict must be pass or fail, not '" + verdict + "'");
        ok = false;
      }
      a.verdict = verdict == "fail" ? Outcome::kFail : Outcome::kPass;
      a.reviewer = Text(item, "reviewer");
      if (!review.people.empty() && !a.reviewer.empty()) {
        std::string organisation;
        auto name = evaluate::ResolvePerson(review, a.reviewer, doc->Locate(item.position),
                                            "reviewer", &organisation, sink);
        if (!name) ok = false;
        a.reviewer = name.value_or("") + (organisation.empty() ? "" : " (" + organisation + ")");
      }
      a.date = Text(item, "date");
      if (!a.date.empty() && !IsIsoDate(a.date)) {
        sink.Error(DiagCode::kInvalidDate, doc->Locate(item.Find("date")->position),
                   "'date' must be a calendar date YYYY-MM-DD, not '" + a.date + "'");
        ok = false;
      }
      a.comment = Text(item, "comment");
      a.location = doc->Locate(item.position);
      if (const Node* files = item.Find("evidence"); files != nullptr && files->is_list()) {
        for (const auto& f : files->items) {
          EvidenceFile e{Text(f, "file"), Text(f, "sha256"), doc->Locate(f.position)};
          if (e.path.empty() || e.sha256.size() != 64) {
            sink.Error(DiagCode::kAttestationInvalid, e.location,
                       "each evidence entry needs 'file' and its 'sha256' (64 hex digits)");
            ok = false;
          } else if (std::string why = EvidencePathProblem(e.path); !why.empty()) {
            sink.Error(DiagCode::kAttestationInvalid, doc->Locate(f.Find("file")->position),
                       "evidence file '" + e.path + "' " + why);
            ok = false;
          }
          a.evidence.push_back(std::move(e));
        }
      }
      if (a.evidence.empty()) {
        sink.Error(DiagCode::kAttestationInvalid, a.location,
                   "an attestation rests on evidence: list at least one {file, sha256}");
        ok = false;
      }
      if (ok) review.attestations.push_back(std::move(a));
    }
  }
  if (const Node* list = doc->root.Find("waivers"); list != nullptr && list->is_list()) {
    for (const auto& item : list->items) {
      bool ok = evaluate::OnlyKnownKeys(*doc, item,
                                        {"rule", "justification", "requested_by", "approver",
                                         "approver_organisation", "expires", "granted"},
                                        "a waiver", DiagCode::kWaiverInvalid, sink);
      Require(*doc, item, {"rule", "justification", "requested_by", "approver", "expires"},
              "a waiver", sink, DiagCode::kWaiverInvalid, &ok);
      if (ok) ok = ReadWaiver(*doc, item, review, sink);
    }
  }
  if (sink.error_count() != errors) return std::nullopt;
  return review;
}

void MergeReview(AuditResult& result, const Review& review, const std::string& today,
                 DiagnosticSink& sink) {
  auto find = [&](const std::string& id) -> Finding* {
    for (auto& f : result.findings)
      if (f.rule_id == id) return &f;
    return nullptr;
  };
  for (const auto& a : review.attestations) {
    Finding* f = find(a.rule_id);
    if (f == nullptr) {
      sink.Warning(DiagCode::kAttestationInvalid, a.location,
                   "attestation for rule '" + a.rule_id + "', which this audit did not evaluate");
      continue;
    }
    if (f->outcome != Outcome::kManual) {
      sink.Warning(DiagCode::kAttestationInvalid, a.location,
                   "rule '" + a.rule_id + "' is decided by the machine (" +
                       std::string(OutcomeName(f->outcome)) + "); the attestation is not applied");
      continue;
    }
    std::string problem;
    for (const auto& e : a.evidence) {
      std::string content, error;
      if (!ReadEvidenceFile(review.directory, e.path, &content, &error)) {
        sink.Error(DiagCode::kEvidenceFileMissing, e.location,
                   "evidence file " + e.path + ": " + error);
        problem = "evidence file " + e.path + " cannot be read (" + error + ")";
        continue;
      }
      std::string actual = Sha256Hex(content);
      f->evidence.push_back({"attestation", e.path, "\"sha256:" + actual + "\"", e.location, ""});
      if (actual != e.sha256) {
        sink.Error(DiagCode::kEvidenceHashMismatch, e.location,
                   "evidence file " + e.path + " has changed: sha256 " + actual + ", recorded " +
                       e.sha256);
        problem = "evidence file " + e.path + " has changed since it was attested";
      }
    }
    if (!problem.empty()) {
      f->outcome = Outcome::kError;
      f->message = "attestation by " + a.reviewer + " cannot be relied on: " + problem;
      continue;
    }
    f->outcome = a.verdict;
    f->message = std::string(a.verdict == Outcome::kPass ? "attested" : "found wanting") + " by " +
                 a.reviewer + " on " + a.date + (a.comment.empty() ? "" : ": " + a.comment);
  }
  for (const auto& w : review.waivers) {
    Finding* f = find(w.rule_id);
    if (f == nullptr) {
      sink.Warning(DiagCode::kWaiverInvalid, w.location,
                   "waiver for rule '" + w.rule_id + "', which this audit did not evaluate");
      continue;
    }
    if (std::string refusal = WaiverRefusal(w, result.subject.operator_name, review, today, sink);
        !refusal.empty()) {
      f->message += " (a waiver " + refusal + ")";
      continue;
    }
    if (w.expires < today) {
      sink.Warning(DiagCode::kWaiverExpired, w.location,
                   "waiver of " + w.rule_id + " expired on " + w.expires);
      f->message += " (a waiver expired on " + w.expires + " and no longer applies)";
      continue;
    }
    if (!IsFailing(f->outcome)) continue;  // nothing to waive
    f->message = "waived until " + w.expires + " by " + w.approver + " (" +
                 w.approver_organisation + "): " + w.justification + " [was " +
                 std::string(OutcomeName(f->outcome)) + ": " + f->message + "]";
    f->outcome = Outcome::kWaived;
    result.waivers.push_back(
        {w.rule_id, w.justification, w.approver, w.approver_organisation, w.expires});
  }
}

void ApplyReview(AuditResult& result, const Review& review, const std::string& today,
                 DiagnosticSink& sink, const std::map<std::string, double>& category_weights) {
  MergeReview(result, review, today, sink);
  Aggregate(result, category_weights);
}

}  // namespace checker
