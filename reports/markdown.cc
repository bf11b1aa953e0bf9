// The Markdown report: the vendor's to-do list and the regulator's case file in a form that
// renders on any code-hosting site. Every vendor-controlled string is escaped.

#include <sstream>

#include "checker/report.h"

#include "reports/text.h"

namespace checker {

namespace {

using reports::CitationText;
using reports::EscapeMarkdown;

// The "Citation:" item: one citation on its line; several, one sub-item each, so that a section
// number can only be read as belonging to the document on its own line.
void CitationItem(std::ostringstream& out, const Finding& f, Language lang) {
  if (f.citations.empty()) return;
  out << "- " << (lang == Language::kJa ? "根拠:" : "Citation:");
  if (f.citations.size() == 1) {
    out << " " << EscapeMarkdown(CitationText(f.citations.front(), lang)) << "\n";
    return;
  }
  out << "\n";
  for (const auto& c : f.citations) out << "  - " << EscapeMarkdown(CitationText(c, lang)) << "\n";
}

std::string EvidenceLine(const Evidence& e) {
  std::string where = e.location.known()
                          ? " (" + EscapeMarkdown(e.location.ToString()) + ")"
                          : (e.probe_id.empty() ? "" : " (" + EscapeMarkdown(e.probe_id) + ")");
  std::string value = e.value.size() > 200 ? e.value.substr(0, 197) + "..." : e.value;
  return reports::MarkdownCode(e.path) + " = " + reports::MarkdownCode(value) + where;
}

// A probe rule's result at each endpoint, as a table after the finding's list (a detail that only
// repeats the finding's message is left out).
void EndpointTable(std::ostringstream& out, const Finding& f, bool ja) {
  if (f.endpoints.empty()) return;
  out << "\n| "
      << (ja ? "エンドポイント | 用途 | 結果 | 理由" : "Endpoint | Purpose | Outcome | Detail")
      << " |\n|---|---|---|---|\n";
  for (const auto& e : f.endpoints)
    out << "| " << EscapeMarkdown(e.url) << " | " << EscapeMarkdown(e.purpose) << " | "
        << OutcomeName(e.outcome) << " | " << EscapeMarkdown(e.detail == f.message ? "" : e.detail)
        << " |\n";
}

// A failing finding's reasons, one nested list entry each: the sentence, then what it concerns
// (item, manifest position, endpoint and the response header seen there, the value observed).
void ReasonList(std::ostringstream& out, const Finding& f, Language lang) {
  const bool ja = lang == Language::kJa;
  for (const auto& reason : f.reasons) {
    std::string details;
    auto add = [&details](std::string part) {
      details += (details.empty() ? "" : "; ") + std::move(part);
    };
    // Vendor values stay plain escaped text: backslash escapes do not work inside code spans.
    if (!reason.item.empty()) add((ja ? "対象: " : "item: ") + EscapeMarkdown(reason.item));
    if (reason.location.known()) add(EscapeMarkdown(reason.location.ToString()));
    if (!reason.endpoint.empty()) add(EscapeMarkdown(reason.endpoint));
    if (!reason.header.empty())
      add((ja ? "応答ヘッダ: " : "response header: ") + EscapeMarkdown(reason.header));
    if (reason.absent)
      add(EscapeMarkdown(reason.path) + (ja ? ": なし" : ": absent"));
    else if (!reason.observed.empty())
      add((ja ? "観測値: " : "seen: ") + EscapeMarkdown(reason.observed));
    out << "  - " << EscapeMarkdown(reason.text.Get(lang))
        << (details.empty() ? "" : " (" + details + ")") << "\n";
  }
}

}  // namespace

std::string RenderMarkdown(const AuditResult& r, Language lang) {
  const bool ja = lang == Language::kJa;
  std::ostringstream out;
  std::string name =
      r.subject.service_name.empty() ? r.subject.manifest_path : r.subject.service_name;
  out << "# " << (ja ? "認証監査報告: " : "Certification audit: ") << EscapeMarkdown(name)
      << "\n\n";
  const Certification& c = r.certification;
  out << "| | |\n|---|---|\n";
  out << "| " << (ja ? "判定" : "Decision") << " | **" << EscapeMarkdown(DecisionName(c.decision))
      << "** |\n";
  out << "| " << (ja ? "評価" : "Grade") << " | **" << EscapeMarkdown(GradeName(c.grade)) << "** ("
      << c.score << ") |\n";
  out << "| " << (ja ? "プロファイル" : "Profile") << " | " << EscapeMarkdown(r.profile_id)
      << " |\n";
  out << "| " << (ja ? "マニフェスト" : "Manifest") << " | "
      << EscapeMarkdown(r.subject.manifest_path) << " (sha256 `"
      << EscapeMarkdown(r.subject.manifest_sha256.substr(0, 16)) << "…`) |\n";
  out << "| " << (ja ? "作成日時" : "Generated") << " | " << EscapeMarkdown(r.generated_at)
      << " |\n";
  out << "| " << (ja ? "エンドポイント証拠" : "Endpoint evidence") << " | "
      << EscapeMarkdown(r.probe_mode) << " |\n\n";
  for (const auto& reason : c.reasons) out << "- " << EscapeMarkdown(reason) << "\n";
  if (!r.manifest_warnings.empty()) {
    out << "\n## " << (ja ? "スキーマにないマニフェストの項目" : "Manifest keys outside the schema")
        << "\n\n";
    for (const auto& w : r.manifest_warnings)
      out << "- " << EscapeMarkdown(w.file) << ":" << w.line << ":" << w.column << ": "
          << EscapeMarkdown(w.message) << "\n";
  }
  out << "\n## " << (ja ? "結果の内訳" : "Outcomes") << "\n\n| outcome | count |\n|---|---|\n";
  for (Outcome o : reports::kOutcomeOrder)
    out << "| " << OutcomeName(o) << " | " << r.counts.Count(o) << " |\n";
  out << "\n## " << (ja ? "分類別の得点" : "Scores by category")
      << "\n\n| category | score |\n|---|---|\n";
  for (const auto& [category, score] : c.category_scores)
    out << "| " << EscapeMarkdown(category) << " | " << score << " |\n";

  bool legal = false;
  for (const auto& f : r.findings) legal = legal || f.outcome == Outcome::kLegalReview;
  if (legal) {
    out << "\n## "
        << (ja ? "グレーゾーン論点(規制当局の判断を要する事項)"
               : "Gray-zone case file (for the regulator)")
        << "\n";
    for (const auto& f : r.findings) {
      if (f.outcome != Outcome::kLegalReview) continue;
      out << "\n### " << EscapeMarkdown(f.title.Get(lang)) << "\n\n";
      out << "- " << (ja ? "論点と法令: " : "Question and laws: ") << EscapeMarkdown(f.message)
          << "\n";
      CitationItem(out, f, lang);
      for (const auto& e : f.evidence)
        out << "- " << (ja ? "事実: " : "Fact: ") << EvidenceLine(e) << "\n";
    }
  }

  out << "\n## " << (ja ? "指摘事項" : "Findings") << "\n";
  for (Outcome o : reports::kOutcomeOrder) {
    if (o == Outcome::kPass || o == Outcome::kNotApplicable || o == Outcome::kLegalReview) continue;
    if (r.counts.Count(o) == 0) continue;
    out << "\n### " << OutcomeName(o) << "\n";
    for (const auto& f : r.findings) {
      if (f.outcome != o) continue;
      out << "\n#### " << reports::MarkdownCode(f.rule_id) << " "
          << EscapeMarkdown(f.title.Get(lang)) << "\n\n";
      out << "- " << (ja ? "水準" : "Level") << ": " << LevelName(f.level) << ", "
          << (ja ? "重大度" : "severity") << ": " << RuleSeverityName(f.severity) << "\n";
      CitationItem(out, f, lang);
      out << "- " << (ja ? "理由" : "Why") << ": " << EscapeMarkdown(f.message) << "\n";
      ReasonList(out, f, lang);
      for (const auto& e : f.evidence)
        out << "- " << (ja ? "証拠" : "Evidence") << ": " << EvidenceLine(e) << "\n";
      if (!f.remediation.empty())
        out << "- " << (ja ? "是正" : "Fix") << ": " << EscapeMarkdown(f.remediation.Get(lang))
            << "\n";
      EndpointTable(out, f, ja);
    }
  }
  if (!r.claims.empty()) {
    out << "\n## " << (ja ? "宣言と観測" : "Declared versus observed")
        << "\n\n| status | declared | observed |\n|---|---|---|\n";
    for (const auto& c : r.claims) {
      std::string status = c.status == ClaimStatus::kDeclared
                               ? (ja ? "宣言のみ(未検証)" : "declared, not verified")
                               : std::string(ClaimStatusName(c.status));
      out << "| " << EscapeMarkdown(status) << " | " << EscapeMarkdown(c.statement) << " (`"
          << EscapeMarkdown(c.path) << "`, " << EscapeMarkdown(c.location.ToString()) << ") | "
          << EscapeMarkdown(c.detail) << " |\n";
    }
  }
  out << "\n## " << (ja ? "合格" : "Passed") << "\n\n";
  for (const auto& f : r.findings)
    if (f.outcome == Outcome::kPass)
      out << "- `" << EscapeMarkdown(f.rule_id) << "` " << EscapeMarkdown(f.title.Get(lang))
          << "\n";
  return out.str();
}

}  // namespace checker
