#include "checker/review.h"

#include <algorithm>
#include <filesystem>

#include "checker/audit.h"
#include "checker/document.h"

namespace checker {

namespace {

std::string Text(const Node& map, std::string_view key) {
  const Node* n = map.Find(key);
  return n != nullptr && (n->kind == NodeKind::kString || n->kind == NodeKind::kNumber) ? n->text
                                                                                        : "";
}

bool ValidDate(const std::string& d) {
  return d.size() == 10 && d[4] == '-' && d[7] == '-' &&
         std::all_of(d.begin(), d.end(), [](char c) {
           return c == '-' || std::isdigit(static_cast<unsigned char>(c));
         });
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

}  // namespace

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
    if (m.key != "attestations" && m.key != "waivers")
      sink.Error(DiagCode::kUnknownKey, doc->Locate(m.key_position),
                 "unknown key '" + m.key + "' in review file (attestations, waivers)");
  if (const Node* list = doc->root.Find("attestations"); list != nullptr && list->is_list()) {
    for (const auto& item : list->items) {
      bool ok = true;
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
      a.date = Text(item, "date");
      a.comment = Text(item, "comment");
      a.location = doc->Locate(item.position);
      if (const Node* files = item.Find("evidence"); files != nullptr && files->is_list()) {
        for (const auto& f : files->items) {
          EvidenceFile e{Text(f, "file"), Text(f, "sha256"), doc->Locate(f.position)};
          if (e.path.empty() || e.sha256.size() != 64) {
            sink.Error(DiagCode::kAttestationInvalid, e.location,
                       "each evidence entry needs 'file' and its 'sha256' (64 hex digits)");
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
      bool ok = true;
      Require(
          *doc, item,
          {"rule", "justification", "requested_by", "approver", "approver_organisation", "expires"},
          "a waiver", sink, DiagCode::kWaiverInvalid, &ok);
      Waiver w{Text(item, "rule"),
               Text(item, "justification"),
               Text(item, "requested_by"),
               Text(item, "approver"),
               Text(item, "approver_organisation"),
               Text(item, "expires"),
               doc->Locate(item.position)};
      if (!w.expires.empty() && !ValidDate(w.expires)) {
        sink.Error(DiagCode::kInvalidDate, w.location, "'expires' must be a date YYYY-MM-DD");
        ok = false;
      }
      if (!w.approver.empty() && w.approver == w.requested_by) {
        sink.Error(DiagCode::kWaiverInvalid, w.location,
                   "dual control: the approver must not be the person who requested the waiver");
        ok = false;
      }
      if (ok) review.waivers.push_back(std::move(w));
    }
  }
  if (sink.error_count() != errors) return std::nullopt;
  return review;
}

void ApplyReview(AuditResult& result, const Review& review, const std::string& today,
                 DiagnosticSink& sink, Level fail_on,
                 const std::map<std::string, double>& category_weights) {
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
      std::string full = (std::filesystem::path(review.directory) / e.path).string();
      if (!ReadFile(full, 1u << 30, &content, &error)) {
        sink.Error(DiagCode::kEvidenceFileMissing, e.location,
                   "evidence file " + e.path + ": " + error);
        problem = "evidence file " + e.path + " is missing";
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
    std::string vendor = result.subject.operator_name;
    if (!vendor.empty() && w.approver_organisation == vendor) {
      sink.Error(
          DiagCode::kWaiverInvalid, w.location,
          "dual control: a waiver cannot be approved by the audited vendor (" + vendor + ")");
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
  result.counts = {};
  result.exit_code = 0;
  for (const auto& f : result.findings) {
    result.counts.by_outcome[f.outcome]++;
    result.counts.total++;
    if (IsFailing(f.outcome) && f.level <= fail_on) result.exit_code = 1;
  }
  result.certification = Certify(result.findings, category_weights);
}

}  // namespace checker
