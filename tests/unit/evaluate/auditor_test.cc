// The Auditor through its evidence seam, without a network: a source serving hand-built
// observations decides endpoint rules (pass, fail with reasons, missing_evidence when the
// observation is absent or its body was not kept), a replay of another manifest's evidence is
// refused as a value, and the review is applied once, with one aggregation.

#include "checker/auditor.h"

#include <catch2/catch.hpp>

#include "checker/document.h"
#include "checker/rule_set.h"

#include "support/test_support.h"

using namespace checker;

namespace {

const std::string kPack = test::TestPack(
    "seam",
    {{"seam.hsts", R"({type: http, endpoints: [web], expect: 'hsts.present'})"},
     {"seam.nosniff",
      R"({type: http, endpoints: [web], expect: 'headers["x-content-type-options"] == "nosniff"'})"},
     {"seam.encrypted", R"({type: manifest, expect: 'storage.encrypted == true'})"}});

const char* kManifest =
    "service: {id: seam, name: Seam, operator: {name: Vendor K.K.}}\n"
    "storage: {encrypted: true}\n"
    "endpoints:\n  - {url: \"https://www.example.jp/\", purpose: web}\n";

// Serves the observations it is given as if probed live: the seam a fleet's shared engine, a
// replay or a test plugs into.
class ServedEvidence final : public EvidenceSource {
 public:
  explicit ServedEvidence(ProbeEvidence evidence) : evidence_(std::move(evidence)) {}
  GatherOutcome Gather(const EvidenceRequest& request) override {
    GatheredEvidence g;
    g.mode = "live";
    g.endpoints = AuditEndpoints(request.manifest, {});
    RecordEndpoints(request.manifest, g.endpoints, &evidence_);
    g.evidence = evidence_;
    g.now = 1'790'000'000;
    ++gathered;
    return g;
  }
  int gathered = 0;

 private:
  ProbeEvidence evidence_;
};

struct Fixture {
  RuleSet rules;
  std::vector<SelectedRule> selection;
  Document manifest;
  Fixture() {
    DiagnosticSink sink;
    std::vector<SourceText> files{{"seam.yaml", kPack}};
    rules = LoadRuleSet(files, sink);
    REQUIRE(!sink.has_errors());
    selection = rules.SelectPacks({});
    auto doc = ParseDocument({"m.yaml", kManifest}, DocumentFormat::kYaml, {}, sink);
    REQUIRE(doc);
    manifest = std::move(*doc);
  }
  // The observation of the one GET the plan makes at the web endpoint, with these headers.
  ProbeEvidence Observed(HeaderList headers) const {
    ProbePlan plan = PlanProbes(selection, manifest, AuditEndpoints(manifest, {}));
    REQUIRE(plan.http.size() == 1);
    HttpObservation o;
    o.spec = plan.http[0];
    o.key = o.spec.Key();
    o.ok = true;
    o.status = 200;
    o.http_version = "1.1";
    o.final_url = o.spec.url;
    o.headers = std::move(headers);
    ProbeEvidence evidence;
    evidence.http[o.key] = o;
    return evidence;
  }
  AuditOutcome Run(EvidenceSource& source, std::span<const Review> reviews = {}) const {
    AuditRequest request{manifest, selection, reviews};
    request.options.today = "2026-11-26";
    request.options.generated_at = "2026-11-26T00:00:00Z";
    return Auditor(rules).Run(request, source);
  }
};

const Finding& FindingOf(const AuditResult& r, const std::string& id) {
  for (const auto& f : r.findings)
    if (f.rule_id == id) return f;
  FAIL("no finding " << id);
  return r.findings.front();
}

}  // namespace

TEST_CASE("endpoint rules are decided from served observations, without a network", "[auditor]") {
  Fixture fx;
  SECTION("every header seen: everything passes, certified") {
    ServedEvidence source(fx.Observed({{"strict-transport-security", "max-age=31536000"},
                                       {"x-content-type-options", "nosniff"}}));
    AuditOutcome out = fx.Run(source);
    REQUIRE_FALSE(out.problem);
    CHECK(source.gathered == 1);
    CHECK(out.result.probe_mode == "live");
    CHECK(FindingOf(out.result, "seam.hsts").outcome == Outcome::kPass);
    CHECK(FindingOf(out.result, "seam.nosniff").outcome == Outcome::kPass);
    CHECK(out.result.certification.decision == CertDecision::kCertified);
    CHECK_FALSE(FailsAt(out.result, Level::kMust));
  }
  SECTION("a header missing: that rule fails, with a reason naming it") {
    ServedEvidence source(fx.Observed({{"x-content-type-options", "sniff-me"}}));
    AuditOutcome out = fx.Run(source);
    const Finding& hsts = FindingOf(out.result, "seam.hsts");
    CHECK(hsts.outcome == Outcome::kFail);
    const Finding& nosniff = FindingOf(out.result, "seam.nosniff");
    CHECK(nosniff.outcome == Outcome::kFail);
    REQUIRE_FALSE(nosniff.reasons.empty());
    CHECK(nosniff.reasons[0].text.en.find("sniff-me") != std::string::npos);
    CHECK(out.result.certification.decision == CertDecision::kNotCertified);
    CHECK(FailsAt(out.result, Level::kMust));
  }
  SECTION("evidence taken away: missing_evidence, never a pass") {
    ServedEvidence source(ProbeEvidence{});
    AuditOutcome out = fx.Run(source);
    CHECK(FindingOf(out.result, "seam.hsts").outcome == Outcome::kMissingEvidence);
    CHECK(FindingOf(out.result, "seam.nosniff").outcome == Outcome::kMissingEvidence);
    CHECK(FindingOf(out.result, "seam.encrypted").outcome == Outcome::kPass);
    CHECK(out.result.certification.decision == CertDecision::kIncomplete);
  }
  SECTION("a failed probe is not a passing one") {
    ProbeEvidence evidence = fx.Observed({});
    auto& o = evidence.http.begin()->second;
    o.ok = false;
    o.error = "connect timed out";
    ServedEvidence source(evidence);
    AuditOutcome out = fx.Run(source);
    CHECK(FindingOf(out.result, "seam.hsts").outcome != Outcome::kPass);
    CHECK(FindingOf(out.result, "seam.nosniff").outcome != Outcome::kPass);
  }
}

TEST_CASE("a replay of evidence recorded for other endpoints is refused as a value", "[auditor]") {
  Fixture fx;
  ProbeEvidence other = fx.Observed({{"strict-transport-security", "max-age=1"}});
  other.endpoints_recorded = true;
  other.declared_endpoints = {{"web", "https://elsewhere.example/", ""}};
  other.audited_endpoints = other.declared_endpoints;
  ReplayEvidenceSource replay(other, "other.json");
  AuditOutcome out = fx.Run(replay);
  REQUIRE(out.problem);
  CHECK(out.problem->kind == AuditInputProblem::Kind::kRefusal);
  CHECK_FALSE(out.problem->items.empty());
  CHECK(out.result.findings.empty());
}

TEST_CASE("the review is applied once, and the result aggregates as a fresh aggregation would",
          "[auditor]") {
  Fixture fx;
  test::TempDir dir;
  std::string file = dir.File(
      "w.yaml",
      "waivers:\n  - rule: seam.hsts\n    justification: migrating the load balancer\n"
      "    requested_by: V. Dev\n    approver: A. Auditor\n    approver_organisation: Cert Body\n"
      "    expires: 2027-03-31\n");
  DiagnosticSink sink;
  auto review = LoadReview(file, sink);
  REQUIRE(review);
  std::vector<Review> reviews{*review};
  ServedEvidence source(fx.Observed({{"x-content-type-options", "nosniff"}}));
  AuditOutcome out = fx.Run(source, reviews);
  REQUIRE_FALSE(out.problem);
  CHECK(FindingOf(out.result, "seam.hsts").outcome == Outcome::kWaived);
  CHECK(out.result.counts.Count(Outcome::kWaived) == 1);
  CHECK(out.result.counts.Count(Outcome::kPass) == 2);
  CHECK(out.result.waivers.size() == 1);
  // Aggregating again changes nothing: counts and certification came from one aggregation.
  AuditResult again = out.result;
  Aggregate(again, {});
  CHECK(again.counts.by_outcome == out.result.counts.by_outcome);
  CHECK(again.counts.total == out.result.counts.total);
  CHECK(again.certification.decision == out.result.certification.decision);
  CHECK(again.certification.score == out.result.certification.score);
  // Without the waiver the same evidence does not certify: the waiver made the difference once.
  ServedEvidence bare(fx.Observed({{"x-content-type-options", "nosniff"}}));
  CHECK(fx.Run(bare).result.certification.decision == CertDecision::kNotCertified);
}
