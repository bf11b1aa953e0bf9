#pragma once
// What people add to an audit: a certification body's attestations (verdicts on rules a machine
// cannot decide, each resting on evidence files whose SHA-256 is recorded) and waivers (a failing
// rule accepted for a time, justified, and approved by someone other than the vendor).
// docs/review.md describes the file.

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
  std::string requested_by;
  std::string approver;
  std::string approver_organisation;
  std::string expires;  // YYYY-MM-DD, inclusive
  SourceLocation location;
};

struct Review {
  std::vector<Attestation> attestations;
  std::vector<Waiver> waivers;
  std::string directory;  // evidence paths are relative to it
};

/// Reads a review file (YAML with `attestations:` and/or `waivers:`). Problems are diagnostics.
std::optional<Review> LoadReview(const std::string& path, DiagnosticSink& sink);

/// Merges attestations and waivers into the findings. Evidence files are hashed and compared;
/// a missing or changed file turns the attestation into an error. Expired waivers do not apply and
/// say so; a waiver approved by the vendor itself (dual control) is refused. `today` is
/// YYYY-MM-DD. Recomputes counts, certification and exit code afterwards.
void ApplyReview(AuditResult& result, const Review& review, const std::string& today,
                 DiagnosticSink& sink, Level fail_on = Level::kMust,
                 const std::map<std::string, double>& category_weights = {});

}  // namespace checker
