// The self-contained HTML report. Every vendor-controlled string is escaped; the page loads
// nothing from outside and its Content-Security-Policy admits only its own style and script.

#include <cmath>
#include <set>
#include <sstream>

#include "checker/report.h"

#include "reports/html_assets.h"
#include "reports/text.h"

namespace checker {

namespace {

using reports::EscapeHtml;

std::string Both(const std::string& ja, const std::string& en) {
  return "<span class=\"ja\">" + EscapeHtml(ja.empty() ? en : ja) + "</span><span class=\"en\">" +
         EscapeHtml(en.empty() ? ja : en) + "</span>";
}
std::string Both(const LocalizedText& t) { return Both(t.ja, t.en); }

const char* OutcomeColor(Outcome o) {
  switch (o) {
    case Outcome::kPass:
      return "#1a7f37";
    case Outcome::kFail:
    case Outcome::kError:
      return "#cf222e";
    case Outcome::kMissingEvidence:
      return "#9a6700";
    case Outcome::kManual:
    case Outcome::kLegalReview:
      return "#0969da";
    default:
      return "#8c959f";
  }
}

std::string CategoryChart(const Certification& c) {
  std::ostringstream svg;
  int rows = static_cast<int>(c.category_scores.size());
  svg << "<svg role=\"img\" aria-label=\"category scores\" width=\"460\" height=\""
      << 20 + rows * 24 << "\" viewBox=\"0 0 460 " << 20 + rows * 24
      << "\" xmlns=\"http://www.w3.org/2000/svg\">";
  int y = 10;
  for (const auto& [category, score] : c.category_scores) {
    int w = static_cast<int>(std::lround(score * 2.5));
    svg << "<text x=\"0\" y=\"" << y + 14 << "\" font-size=\"12\">" << EscapeHtml(category)
        << "</text>"
        << "<rect x=\"150\" y=\"" << y + 3 << "\" width=\"250\" height=\"14\" fill=\"#eaeef2\"/>"
        << "<rect x=\"150\" y=\"" << y + 3 << "\" width=\"" << w << "\" height=\"14\" fill=\""
        << (score >= 90   ? "#1a7f37"
            : score >= 70 ? "#9a6700"
                          : "#cf222e")
        << "\"/>"
        << "<text x=\"410\" y=\"" << y + 14 << "\" font-size=\"12\">" << score << "</text>";
    y += 24;
  }
  svg << "</svg>";
  return svg.str();
}

std::string OutcomeChart(const AuditResult& r) {
  std::ostringstream svg;
  svg << "<svg role=\"img\" aria-label=\"outcomes\" width=\"460\" height=\"60\" viewBox=\"0 0 460 "
         "60\" "
         "xmlns=\"http://www.w3.org/2000/svg\">";
  double x = 0, total = std::max<uint32_t>(1, r.counts.total);
  for (Outcome o : reports::kOutcomeOrder) {
    uint32_t n = r.counts.Count(o);
    if (n == 0) continue;
    double w = 460.0 * n / total;
    svg << "<rect x=\"" << x << "\" y=\"0\" width=\"" << w << "\" height=\"24\" fill=\""
        << OutcomeColor(o) << "\"><title>" << OutcomeName(o) << ": " << n << "</title></rect>";
    x += w;
  }
  svg << "<text x=\"0\" y=\"44\" font-size=\"12\">" << r.counts.Count(Outcome::kPass) << " pass, "
      << r.counts.Count(Outcome::kFail) << " fail, " << r.counts.Count(Outcome::kMissingEvidence)
      << " missing evidence, "
      << r.counts.Count(Outcome::kManual) + r.counts.Count(Outcome::kLegalReview)
      << " for reviewers</text></svg>";
  return svg.str();
}

std::string GradeBadge(const Certification& c) {
  const char* color = c.decision == CertDecision::kCertified      ? "#1a7f37"
                      : c.decision == CertDecision::kNotCertified ? "#cf222e"
                                                                  : "#9a6700";
  return "<svg role=\"img\" aria-label=\"grade\" width=\"72\" height=\"72\" viewBox=\"0 0 72 72\" "
         "xmlns=\"http://www.w3.org/2000/svg\"><circle cx=\"36\" cy=\"36\" r=\"34\" fill=\"" +
         std::string(color) +
         "\"/><text x=\"36\" y=\"46\" font-size=\"28\" text-anchor=\"middle\" fill=\"#fff\">" +
         EscapeHtml(GradeName(c.grade)) + "</text></svg>";
}

// A probe rule's result at each endpoint: which one failed, which could not be decided. A detail
// that only repeats the finding's message (one endpoint) is left out.
void EndpointTable(std::ostringstream& out, const Finding& f) {
  if (f.endpoints.empty()) return;
  out << "<table class=\"endpoints\"><tr><th>" << Both("エンドポイント", "Endpoint") << "</th><th>"
      << Both("用途", "Purpose") << "</th><th>" << Both("結果", "Outcome") << "</th><th>"
      << Both("理由", "Detail") << "</th></tr>";
  for (const auto& e : f.endpoints)
    out << "<tr><td><code>" << EscapeHtml(e.url) << "</code></td><td>" << EscapeHtml(e.purpose)
        << "</td><td><span class=\"badge " << OutcomeName(e.outcome) << "\">"
        << OutcomeName(e.outcome) << "</span></td><td>"
        << EscapeHtml(e.detail == f.message ? "" : e.detail) << "</td></tr>";
  out << "</table>";
}

// A failing finding's reasons: every condition that failed, in both languages, with the item, the
// manifest position, the endpoint and the response header seen there, and the value observed.
void ReasonList(std::ostringstream& out, const Finding& f) {
  if (f.reasons.empty()) return;
  out << "<ul class=\"reasons\">";
  for (const auto& reason : f.reasons) {
    out << "<li>" << Both(reason.text);
    auto detail = [&out](const char* ja, const char* en, const std::string& value) {
      out << " <span class=\"muted\">" << Both(ja, en) << ": <code>" << EscapeHtml(value)
          << "</code></span>";
    };
    if (!reason.item.empty()) detail("対象", "item", reason.item);
    if (reason.location.known()) detail("位置", "at", reason.location.ToString());
    if (!reason.endpoint.empty()) detail("エンドポイント", "endpoint", reason.endpoint);
    if (!reason.header.empty()) detail("応答ヘッダ", "response header", reason.header);
    if (reason.absent)
      detail("なし", "absent", reason.path);
    else if (!reason.observed.empty())
      detail("観測値", "seen", reason.observed);
    out << "</li>";
  }
  out << "</ul>";
}

void FindingRow(std::ostringstream& out, const Finding& f) {
  out << "<tr data-outcome=\"" << OutcomeName(f.outcome) << "\" data-pack=\""
      << EscapeHtml(f.pack_id) << "\">"
      << "<td><span class=\"badge " << OutcomeName(f.outcome) << "\">" << OutcomeName(f.outcome)
      << "</span></td>"
      << "<td class=\"level\">" << LevelName(f.level) << "</td><td><code>" << EscapeHtml(f.rule_id)
      << "</code></td><td>" << Both(f.title) << "<div class=\"muted\">";
  for (const auto& c : f.citations) {
    out << EscapeHtml(c.section.empty() ? c.document : c.document + " " + c.section);
    if (c.unconfirmed)
      out << " <span class=\"unconfirmed\">[" << Both("未確認", "unconfirmed") << "]</span>";
    out << "<br>";
  }
  out << "</div><div>" << EscapeHtml(f.message) << "</div>";
  ReasonList(out, f);
  EndpointTable(out, f);
  if (!f.evidence.empty() || !f.remediation.empty()) {
    out << "<details><summary>" << Both("証拠と是正", "Evidence and fix")
        << "</summary><ul class=\"evidence\">";
    for (const auto& e : f.evidence) {
      out << "<li>" << EscapeHtml(e.path) << " = "
          << EscapeHtml(e.value.size() > 500 ? e.value.substr(0, 497) + "..." : e.value);
      if (e.location.known())
        out << " <span class=\"muted\">" << EscapeHtml(e.location.ToString()) << "</span>";
      if (!e.probe_id.empty())
        out << " <span class=\"muted\">" << EscapeHtml(e.probe_id) << "</span>";
      out << "</li>";
    }
    out << "</ul>";
    if (!f.remediation.empty()) out << "<p>" << Both(f.remediation) << "</p>";
    out << "</details>";
  }
  out << "</td></tr>\n";
}

}  // namespace

std::string RenderHtml(const AuditResult& r) {
  const std::string style = reports::kHtmlStyle;
  const std::string script = reports::kHtmlScript;
  const Certification& c = r.certification;
  std::string name =
      r.subject.service_name.empty() ? r.subject.manifest_path : r.subject.service_name;
  std::ostringstream out;
  out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      << reports::CspHash(style) << "; script-src " << reports::CspHash(script)
      << "; img-src data:; base-uri 'none'; form-action 'none'\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>checker: " << EscapeHtml(name) << "</title>\n<style>" << style
      << "</style></head>\n"
      << "<body class=\"lang-en\">\n<header><h1>" << Both("認証監査報告", "Certification audit")
      << ": " << EscapeHtml(name)
      << "</h1><div><button data-lang=\"ja\" aria-pressed=\"false\">日本語</button> "
      << "<button data-lang=\"en\" aria-pressed=\"true\">English</button></div></header>\n<main>\n";
  out << "<section class=\"certificate\">" << GradeBadge(c) << "<div><div class=\"decision "
      << DecisionName(c.decision) << "\">" << DecisionName(c.decision) << "</div><div>"
      << Both("総合得点", "Score") << ": " << c.score << " / 100</div><ul>";
  for (const auto& reason : c.reasons) out << "<li>" << EscapeHtml(reason) << "</li>";
  out << "</ul><div class=\"muted\">" << Both("プロファイル", "Profile") << ": "
      << EscapeHtml(r.profile_id) << " · " << EscapeHtml(r.subject.manifest_path) << " · sha256 "
      << EscapeHtml(r.subject.manifest_sha256.substr(0, 16)) << "… · " << EscapeHtml(r.generated_at)
      << " · " << Both("証拠", "evidence") << ": " << EscapeHtml(r.probe_mode) << "</div>";
  if (!r.waivers.empty()) {
    out << "<h3>" << Both("有効な免除", "Waivers in force") << "</h3><ul>";
    for (const auto& w : r.waivers)
      out << "<li><code>" << EscapeHtml(w.rule_id) << "</code> " << Both("期限", "until") << " "
          << EscapeHtml(w.expires) << " — " << EscapeHtml(w.approver) << " ("
          << EscapeHtml(w.approver_organisation) << "): " << EscapeHtml(w.justification) << "</li>";
    out << "</ul>";
  }
  if (!r.manifest_warnings.empty()) {
    out << "<h3>"
        << Both("スキーマにないマニフェストの項目(どの規則も読んでいない)",
                "Manifest keys outside the schema (no rule read them)")
        << "</h3><ul>";
    for (const auto& w : r.manifest_warnings)
      out << "<li><code>" << EscapeHtml(w.file) << ":" << w.line << ":" << w.column << "</code> "
          << EscapeHtml(w.message) << "</li>";
    out << "</ul>";
  }
  out << "</div></section>\n";
  out << "<section class=\"charts\"><div><h2>" << Both("分類別の得点", "Scores by category")
      << "</h2>" << CategoryChart(c) << "</div><div><h2>" << Both("結果", "Outcomes") << "</h2>"
      << OutcomeChart(r) << "</div></section>\n";

  bool legal = false;
  for (const auto& f : r.findings) legal = legal || f.outcome == Outcome::kLegalReview;
  if (legal) {
    out << "<section class=\"grayzone\"><h2>"
        << Both("グレーゾーン論点(規制当局の判断を要する事項)",
                "Gray-zone case file (for the regulator)")
        << "</h2><table><tr><th>" << Both("論点", "Question") << "</th><th>"
        << Both("事実", "Facts") << "</th></tr>";
    for (const auto& f : r.findings) {
      if (f.outcome != Outcome::kLegalReview) continue;
      out << "<tr><td>" << Both(f.title) << "<div>" << EscapeHtml(f.message)
          << "</div></td><td class=\"evidence\">";
      for (const auto& e : f.evidence)
        out << EscapeHtml(e.path + " = " + e.value) << " <span class=\"muted\">"
            << EscapeHtml(e.location.ToString()) << "</span><br>";
      out << "</td></tr>";
    }
    out << "</table></section>\n";
  }

  std::set<std::string> packs;
  for (const auto& f : r.findings) packs.insert(f.pack_id);
  out << "<section><h2>" << Both("指摘事項", "Findings") << "</h2><div class=\"filters\">";
  for (Outcome o : reports::kOutcomeOrder)
    out << "<label><input type=\"checkbox\" data-outcome=\"" << OutcomeName(o) << "\""
        << (o == Outcome::kPass || o == Outcome::kNotApplicable ? "" : " checked") << "> "
        << OutcomeName(o) << " (" << r.counts.Count(o) << ")</label>";
  out << "<select id=\"pack-filter\"><option value=\"\">all packs</option>";
  for (const auto& p : packs)
    out << "<option value=\"" << EscapeHtml(p) << "\">" << EscapeHtml(p) << "</option>";
  out << "</select></div><table><thead><tr><th>" << Both("結果", "Outcome") << "</th><th>"
      << Both("水準", "Level") << "</th><th>" << Both("規則", "Rule") << "</th><th>"
      << Both("内容", "Requirement") << "</th></tr></thead><tbody>\n";
  for (Outcome o : reports::kOutcomeOrder)
    for (const auto& f : r.findings)
      if (f.outcome == o) FindingRow(out, f);
  out << "</tbody></table></section>\n";

  if (!r.claims.empty()) {
    // Declared versus observed: each observable claim, and whether a probe confirmed it.
    out << "<section class=\"claims\"><h2>" << Both("宣言と観測", "Declared versus observed")
        << "</h2><table><thead><tr><th>" << Both("状態", "Status") << "</th><th>"
        << Both("宣言", "Declared") << "</th><th>" << Both("観測", "Observed")
        << "</th></tr></thead>"
        << "<tbody>";
    for (const auto& c : r.claims) {
      std::string status = c.status == ClaimStatus::kConfirmed ? Both("確認済み", "confirmed")
                           : c.status == ClaimStatus::kContradicted
                               ? Both("矛盾", "contradicted")
                               : Both("宣言のみ(未検証)", "declared, not verified");
      out << "<tr data-claim=\"" << ClaimStatusName(c.status) << "\"><td>" << status << "</td><td>"
          << EscapeHtml(c.statement) << "<div class=\"muted\"><code>" << EscapeHtml(c.path)
          << "</code> " << EscapeHtml(c.location.ToString()) << "</div></td><td>"
          << EscapeHtml(c.detail) << "</td></tr>";
    }
    out << "</tbody></table></section>\n";
  }

  if (!r.probes.http.empty() || !r.probes.tls.empty()) {
    out << "<section><h2>" << Both("エンドポイントの観測", "Endpoint observations")
        << "</h2><table>";
    for (const auto& [key, o] : r.probes.http)
      out << "<tr><td><code>" << EscapeHtml(o.request_line) << "</code><div class=\"muted\">"
          << EscapeHtml(o.spec.url) << "</div></td><td>"
          << (o.ok ? std::to_string(o.status) : EscapeHtml(o.error)) << "</td><td class=\"muted\">"
          << EscapeHtml(o.tls_version) << " sha256 " << EscapeHtml(o.body_sha256.substr(0, 16))
          << "…</td></tr>";
    for (const auto& [key, o] : r.probes.tls)
      out << "<tr><td><code>" << EscapeHtml(key) << "</code></td><td>"
          << (o.handshake_ok ? EscapeHtml(o.negotiated_version + " " + o.cipher)
                             : EscapeHtml(o.error))
          << "</td><td class=\"muted\">"
          << (o.certificate ? EscapeHtml(o.certificate->subject) : "") << "</td></tr>";
    out << "</table></section>\n";
  }
  out << "</main>\n<script>" << script << "</script>\n</body></html>\n";
  return out.str();
}

}  // namespace checker
