// OSCAL assessment-results (NIST OSCAL 1.1.2): each rule an objective, each finding an OSCAL
// finding with its observation (the evidence). UUIDs are derived from content, so the same audit
// gives the same document.

#include <nlohmann/json.hpp>

#include "checker/report.h"
#include "checker/source.h"

#include "reports/text.h"

namespace checker {

namespace {

using Json = nlohmann::ordered_json;

// A version-4-shaped UUID taken from the SHA-256 of `seed`.
std::string Uuid(const std::string& seed) {
  std::string h = Sha256Hex(seed);
  h[12] = '4';
  h[16] = "89ab"[h[16] % 4];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

const char* State(Outcome o) {
  switch (o) {
    case Outcome::kPass:
    case Outcome::kWaived:
      return "satisfied";
    case Outcome::kFail:
      return "not-satisfied";
    default:
      return "not-satisfied";
  }
}

}  // namespace

std::string RenderOscal(const AuditResult& r) {
  std::string seed = r.subject.manifest_sha256 + r.generated_at;
  Json observations = Json::array(), findings = Json::array();
  for (const auto& f : r.findings) {
    if (f.outcome == Outcome::kNotApplicable) continue;
    std::string obs_uuid = Uuid(seed + "obs" + f.rule_id);
    std::string evidence;
    for (const auto& e : f.evidence)
      evidence += e.path + " = " + e.value +
                  (e.location.known() ? " (" + e.location.ToString() + ")" : "") + "\n";
    Json obs{
        {"uuid", obs_uuid},
        {"title", f.rule_id},
        {"description", f.message},
        {"methods", Json::array({f.check_type == CheckType::kAttestation ? "EXAMINE" : "TEST"})},
        {"collected", r.generated_at}};
    if (!evidence.empty()) obs["remarks"] = evidence;
    observations.push_back(std::move(obs));
    std::string citation;
    for (const auto& c : f.citations) citation += (citation.empty() ? "" : "; ") + c.Label();
    Json finding{
        {"uuid", Uuid(seed + "finding" + f.rule_id)},
        {"title", f.title.Get(Language::kEn)},
        {"description", citation},
        {"target",
         {{"type", "objective-id"},
          {"target-id", f.rule_id},
          {"status",
           {{"state", State(f.outcome)}, {"reason", std::string(OutcomeName(f.outcome))}}}}},
        {"related-observations", Json::array({{{"observation-uuid", obs_uuid}}})}};
    if (!f.remediation.empty()) finding["remarks"] = f.remediation.Get(Language::kEn);
    findings.push_back(std::move(finding));
  }
  Json doc{{"assessment-results",
            {{"uuid", Uuid(seed + "document")},
             {"metadata",
              {{"title", "checker audit: " + r.subject.service_name},
               {"last-modified", r.generated_at},
               {"version", r.tool_version},
               {"oscal-version", "1.1.2"},
               {"props", Json::array({{{"name", "decision"},
                                       {"ns", "https://checker.example/ns"},
                                       {"value", DecisionName(r.certification.decision)}},
                                      {{"name", "grade"},
                                       {"ns", "https://checker.example/ns"},
                                       {"value", GradeName(r.certification.grade)}}})}}},
             {"import-ap", {{"href", "#profile-" + r.profile_id}}},
             {"results",
              Json::array(
                  {{{"uuid", Uuid(seed + "result")},
                    {"title", "Audit of " + r.subject.service_name + " against " + r.profile_id},
                    {"description",
                     "Findings decided by checker from the vendor's manifest and live endpoints."},
                    {"start", r.generated_at},
                    {"reviewed-controls",
                     {{"control-selections", Json::array({{{"include-all", Json::object()}}})}}},
                    {"observations", std::move(observations)},
                    {"findings", std::move(findings)}}})}}}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string RenderBadge(const AuditResult& r) {
  const Certification& c = r.certification;
  const char* color = c.decision == CertDecision::kCertified      ? "#1a7f37"
                      : c.decision == CertDecision::kNotCertified ? "#cf222e"
                                                                  : "#9a6700";
  std::string label = std::string(GradeName(c.grade)) + " " + std::string(DecisionName(c.decision));
  for (char& ch : label)
    if (ch == '_') ch = ' ';
  int right = 10 + static_cast<int>(label.size()) * 7;
  label = reports::EscapeHtml(label);  // a closed set of names; escaped all the same
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(62 + right) +
         "\" height=\"20\" role=\"img\" aria-label=\"checker: " + label +
         "\"><rect width=\"62\" height=\"20\" fill=\"#555\"/>"
         "<rect x=\"62\" width=\"" +
         std::to_string(right) + "\" height=\"20\" fill=\"" + color +
         "\"/><g fill=\"#fff\" font-family=\"Verdana,sans-serif\" font-size=\"11\"><text x=\"8\" "
         "y=\"14\">checker</text>"
         "<text x=\"67\" y=\"14\">" +
         label + "</text></g></svg>\n";
}

}  // namespace checker
