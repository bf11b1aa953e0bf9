#pragma once
// What people add to an audit: a certification body's attestations (verdicts on rules a machine
// cannot decide, each resting on evidence files whose SHA-256 is recorded) and waivers (a failing
// rule accepted for a time, justified, and approved by someone other than the vendor).
// docs/review.md describes the file.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/result.h"

namespace checker {

struct EvidenceFile {
  std::string path;    // as written, relative to the review file's folder
  std::string sha256;  // as recorded by the reviewer
  SourceLocation location;
};

struct Attestation {
  std::string rule_id;
  Outcome verdict = Outcome::kPass;  // pass or fail
  std::vector<EvidenceFile> evidence;
  std::string reviewer;
  std::string date;
  std::string comment;
  SourceLocation location;
};

struct Waiver {
  std::string rule_id;
  std::string justification;
  std::string requested_by;           // a name (a declared person's, when the file declares people)
  std::string approver;               // likewise
  std::string approver_organisation;  // a name (a declared organisation's, likewise)
  std::string expires;                // YYYY-MM-DD, inclusive, a calendar date
  std::string granted;                // YYYY-MM-DD or empty: the duration is counted from it
  SourceLocation location;
};

/// A person or organisation declared once in a review file under `people:` or `organisations:`;
/// waivers and attestations name them by `id`, so one person has one spelling.
struct Party {
  std::string id;
  std::string name;
  std::string organisation;  // people only: their organisation's name, if declared
  SourceLocation location;
};

/// The longest a waiver may run by default (a year, leap day included); `--max-waiver-days`.
inline constexpr int kDefaultMaxWaiverDays = 366;

struct Review {
  std::vector<Attestation> attestations;
  std::vector<Waiver> waivers;
  std::vector<Party> people;
  std::vector<Party> organisations;
  std::string directory;                        // evidence paths are relative to it
  int max_waiver_days = kDefaultMaxWaiverDays;  // set by the caller (--max-waiver-days)
};

/// Evidence files larger than this are refused (an attestation rests on documents, not dumps).
inline constexpr uint64_t kMaxEvidenceFileBytes = uint64_t{64} << 20;

/// Reads an evidence file named by a review file in `directory`: `path` must lead to a regular
/// file inside that folder (no absolute path, no '..', symbolic links followed and their target
/// checked to be inside it too) of at most kMaxEvidenceFileBytes. A FIFO or device is refused
/// without opening it. Returns false with the reason in `error`.
bool ReadEvidenceFile(const std::string& directory, const std::string& path, std::string* content,
                      std::string* error);

/// Reads a review file (YAML with `attestations:` and/or `waivers:`). Problems are diagnostics.
std::optional<Review> LoadReview(const std::string& path, DiagnosticSink& sink);

/// Merges attestations and waivers into the findings. Evidence files are hashed and compared;
/// a missing or changed file turns the attestation into an error. Expired waivers do not apply and
/// say so; a waiver is refused when the manifest does not name its operator, when the operator
/// approved it (dual control: names compared as identities, docs/review.md) or when it runs longer
/// than `review.max_waiver_days`. `today` is YYYY-MM-DD. Counts and certification are left as
/// they were: Aggregate (audit.h) follows the last review.
void MergeReview(AuditResult& result, const Review& review, const std::string& today,
                 DiagnosticSink& sink);

/// MergeReview, then Aggregate with `category_weights` (the profile's): for a result reviewed
/// on its own. The Auditor merges every review first and aggregates once.
void ApplyReview(AuditResult& result, const Review& review, const std::string& today,
                 DiagnosticSink& sink, const std::map<std::string, double>& category_weights = {});

}  // namespace checker
