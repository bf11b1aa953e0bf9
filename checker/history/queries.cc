// Reading the history: vendors, a vendor's audits, per-rule outcomes, regressions, the archive.

#include <algorithm>

#include "checker/history.h"

#include "history/impl.h"

namespace checker {

namespace history {

AuditRecord ReadAuditRow(const Statement& s, int64_t* rowid_out) {
  AuditRecord a;
  int i = 0;
  for (std::string* text :
       {&a.audit_id, &a.vendor_id, &a.vendor_name, &a.service_id, &a.profile_id, &a.manifest_path,
        &a.manifest_format, &a.manifest_sha256, &a.evidence_sha256, &a.tool_version,
        &a.generated_at, &a.audit_date, &a.probe_mode})
    *text = s.Text(i++);
  // The schema's CHECK constraints keep decision and grade within their closed sets.
  a.decision = ParseDecision(s.Text(i++)).value_or(CertDecision::kIncomplete);
  a.grade = ParseGrade(s.Text(i++)).value_or(Grade::kF);
  a.score = s.Real(i++);
  a.counts.total = static_cast<uint32_t>(s.Int(i++));
  for (Outcome o :
       {Outcome::kPass, Outcome::kFail, Outcome::kMissingEvidence, Outcome::kError,
        Outcome::kManual, Outcome::kLegalReview, Outcome::kWaived, Outcome::kNotApplicable})
    if (uint32_t n = static_cast<uint32_t>(s.Int(i++))) a.counts.by_outcome[o] = n;
  a.failing_must = static_cast<uint32_t>(s.Int(i++));
  a.report_path = s.Text(i++);
  a.recorded_at = s.Text(i++);
  if (rowid_out != nullptr) *rowid_out = s.Int(i);
  return a;
}

void ReadAuditDetails(Connection& db, int64_t rowid, AuditRecord* a) {
  Statement packs(db,
                  "SELECT pack_id, version, edition, sha256 FROM audit_packs WHERE audit = ? "
                  "ORDER BY pack_id");
  packs.Bind(1, rowid);
  while (packs.Step())
    a->rule_sources.push_back({packs.Text(0), packs.Text(1), packs.Text(2), packs.Text(3)});
  Statement categories(db, "SELECT category, score FROM audit_categories WHERE audit = ?");
  categories.Bind(1, rowid);
  while (categories.Step()) a->category_scores[categories.Text(0)] = categories.Real(1);
  Statement reviews(db,
                    "SELECT kind, path, sha256 FROM audit_reviews WHERE audit = ? "
                    "ORDER BY position");
  reviews.Bind(1, rowid);
  while (reviews.Step())
    a->review_files.push_back({reviews.Text(0), reviews.Text(1), reviews.Text(2)});
  Statement archived(db, "SELECT 1 FROM archive WHERE sha256 = ? AND kind = 'report'");
  a->report_archived = archived.Bind(1, a->audit_id).Step();
}

}  // namespace history

namespace {

using history::Connection;
using history::Statement;

// A vendor's audits, oldest first; only the `last` ones when `last` is not 0.
std::vector<AuditRecord> VendorAudits(Connection& db, std::string_view vendor_id,
                                      int64_t last = 0) {
  Statement s(db, std::string("SELECT ") + history::kAuditColumns +
                      " FROM audits a WHERE a.vendor_id = ? ORDER BY a.generated_at DESC, "
                      "a.audit_id DESC LIMIT ?");
  s.Bind(1, vendor_id).Bind(2, last > 0 ? last : int64_t{-1});
  std::vector<AuditRecord> audits;
  while (s.Step()) {
    int64_t rowid = 0;
    audits.push_back(history::ReadAuditRow(s, &rowid));
    history::ReadAuditDetails(db, rowid, &audits.back());
  }
  std::reverse(audits.begin(), audits.end());
  return audits;
}

std::vector<RuleOutcomeRecord> AuditOutcomes(Connection& db, std::string_view audit_id) {
  Statement s(db,
              "SELECT o.rule_id, o.pack_id, o.level, o.outcome FROM rule_outcomes o "
              "JOIN audits a ON a.id = o.audit WHERE a.audit_id = ? ORDER BY o.rule_id");
  s.Bind(1, audit_id);
  std::vector<RuleOutcomeRecord> rows;
  while (s.Step())
    rows.push_back({s.Text(0), s.Text(1), ParseLevel(s.Text(2)).value_or(Level::kMust),
                    ParseOutcome(s.Text(3)).value_or(Outcome::kError)});
  return rows;
}

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::optional<std::vector<VendorSummary>> HistoryDb::Vendors(std::string* error) {
  return impl_->Guarded(error, [&]() {
    Connection& db = impl_->db;
    std::vector<VendorSummary> vendors;
    // The latest audit of each vendor: the greatest (generated_at, audit_id).
    Statement s(db, std::string("SELECT ") + history::kAuditColumns +
                        ", (SELECT count(*) FROM audits c WHERE c.vendor_id = a.vendor_id) "
                        "FROM audits a WHERE NOT EXISTS (SELECT 1 FROM audits b WHERE "
                        "b.vendor_id = a.vendor_id AND (b.generated_at, b.audit_id) > "
                        "(a.generated_at, a.audit_id)) ORDER BY a.vendor_id");
    while (s.Step()) {
      VendorSummary v;
      int64_t rowid = 0;
      v.latest = history::ReadAuditRow(s, &rowid);
      v.vendor_id = v.latest.vendor_id;
      v.vendor_name = v.latest.vendor_name;
      v.audits = static_cast<uint32_t>(s.Int(29));
      vendors.push_back(std::move(v));
    }
    return vendors;
  });
}

std::optional<std::vector<AuditRecord>> HistoryDb::Audits(std::string_view vendor_id,
                                                          std::string* error) {
  return impl_->Guarded(error, [&]() { return VendorAudits(impl_->db, vendor_id); });
}

std::optional<std::vector<RuleOutcomeRecord>> HistoryDb::Outcomes(std::string_view audit_id,
                                                                  std::string* error) {
  return impl_->Guarded(error, [&]() { return AuditOutcomes(impl_->db, audit_id); });
}

std::optional<std::vector<Regression>> HistoryDb::Regressions(std::string* error) {
  return impl_->Guarded(error, [&]() {
    Connection& db = impl_->db;
    std::vector<std::string> vendors;
    Statement s(db,
                "SELECT vendor_id FROM audits GROUP BY vendor_id HAVING count(*) > 1 "
                "ORDER BY vendor_id");
    while (s.Step()) vendors.push_back(s.Text(0));
    std::vector<Regression> regressions;
    for (const auto& vendor : vendors) {
      std::vector<AuditRecord> audits = VendorAudits(db, vendor, 2);
      const AuditRecord& previous = audits[audits.size() - 2];
      const AuditRecord& latest = audits.back();
      AuditChanges changes = CompareAudits(previous, AuditOutcomes(db, previous.audit_id), latest,
                                           AuditOutcomes(db, latest.audit_id));
      if (changes.regression()) regressions.push_back({previous, latest, std::move(changes)});
    }
    return regressions;
  });
}

std::optional<std::string> HistoryDb::Resolve(std::string_view ref, std::string* error) {
  auto found = impl_->Guarded(error, [&]() -> std::string {
    Connection& db = impl_->db;
    if (size_t at = ref.rfind('@'); at != std::string_view::npos) {
      std::string_view vendor = ref.substr(0, at), which = ref.substr(at + 1);
      std::vector<AuditRecord> audits = VendorAudits(db, vendor);
      if (audits.empty()) {
        *error = impl_->path + ": no audit of vendor '" + std::string(vendor) + "'";
        return "";
      }
      size_t n = 0;
      if (which == "latest") {
        n = audits.size();
      } else if (which == "previous") {
        n = audits.size() - 1;
      } else if (!which.empty() && which.size() < 10 &&
                 std::all_of(which.begin(), which.end(),
                             [](char c) { return c >= '0' && c <= '9'; })) {
        n = std::stoul(std::string(which));
      } else if (which.size() == 10 && which[4] == '-' && which[7] == '-') {
        // A date: the vendor's last audit of that day.
        for (size_t i = audits.size(); i > 0 && n == 0; --i)
          if (audits[i - 1].audit_date == which) n = i;
        if (n == 0) {
          *error = impl_->path + ": vendor '" + std::string(vendor) + "' has no audit dated " +
                   std::string(which);
          return "";
        }
      }
      if (n == 0 || n > audits.size()) {
        *error = impl_->path + ": '" + std::string(ref) + "': vendor '" + std::string(vendor) +
                 "' has audits 1 to " + std::to_string(audits.size()) +
                 " (or say @latest, @previous, @YYYY-MM-DD)";
        return "";
      }
      return audits[n - 1].audit_id;
    }
    if (ref.size() < 8 || ref.size() > 64 || !IsHex(ref)) {
      *error = impl_->path + ": '" + std::string(ref) +
               "' is neither VENDOR@N, VENDOR@latest, VENDOR@previous nor an audit id (at least "
               "8 lowercase hex digits)";
      return "";
    }
    Statement s(db, "SELECT audit_id FROM audits WHERE substr(audit_id, 1, ?) = ? LIMIT 2");
    s.Bind(1, static_cast<int64_t>(ref.size())).Bind(2, ref);
    std::vector<std::string> ids;
    while (s.Step()) ids.push_back(s.Text(0));
    if (ids.size() != 1) {
      *error = impl_->path + ": " +
               (ids.empty() ? "no audit has an id starting with '"
                            : "more than one audit has an id starting with '") +
               std::string(ref) + "'";
      return "";
    }
    return ids[0];
  });
  if (!found || found->empty()) return std::nullopt;
  return found;
}

std::optional<std::string> HistoryDb::ManifestText(std::string_view sha256, std::string* error) {
  return Archived("manifest", sha256,
                  "no manifest with SHA-256 " + std::string(sha256) +
                      " is archived (it had changed on disk when the audit was recorded, or was "
                      "not given)",
                  error);
}

std::optional<std::string> HistoryDb::ReportJson(std::string_view audit_id, std::string* error) {
  return Archived("report", audit_id,
                  "audit " + std::string(audit_id) +
                      " was recorded without its report (archive_reports off, or schema version 1)",
                  error);
}

std::optional<std::string> HistoryDb::Archived(std::string_view kind, std::string_view sha256,
                                               const std::string& missing, std::string* error) {
  auto bytes = impl_->Guarded(error, [&]() -> std::optional<std::string> {
    Statement s(impl_->db, "SELECT size, zlib FROM archive WHERE sha256 = ? AND kind = ?");
    if (!s.Bind(1, sha256).Bind(2, kind).Step()) return std::nullopt;
    return history::Decompress(s.Blob(1), static_cast<uint64_t>(s.Int(0)));
  });
  if (!bytes) return std::nullopt;
  if (!*bytes) {
    *error = impl_->path + ": " + missing;
    return std::nullopt;
  }
  return *bytes;
}

}  // namespace checker
