// The gray-zone case file: what a regulator (or the vendor preparing a gray-zone resolution
// request) needs on one page. The service's facts with their manifest positions, the laws and
// articles that may apply, and the questions to resolve; never a verdict. Rendered from the
// report alone, in Markdown and as a self-contained HTML page with no script.

#include <map>
#include <sstream>

#include "checker/report.h"

#include "reports/text.h"

namespace checker {

namespace {

using reports::EscapeHtml;
using reports::EscapeMarkdown;

std::vector<const Finding*> Questions(const AuditResult& r) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.outcome == Outcome::kLegalReview) out.push_back(&f);
  return out;
}

std::string LawLabel(const Citation& law) {
  return law.section.empty() ? law.document : law.document + " " + law.section;
}

// Every law once, with the questions (by number) that cite it, in first-cited order.
std::vector<std::pair<std::string, std::vector<size_t>>> LawsIndex(
    const std::vector<const Finding*>& questions) {
  std::vector<std::pair<std::string, std::vector<size_t>>> out;
  std::map<std::string, size_t> at;
  for (size_t i = 0; i < questions.size(); ++i) {
    for (const auto& law : questions[i]->laws) {
      auto [it, fresh] = at.emplace(LawLabel(law), out.size());
      if (fresh) out.push_back({LawLabel(law), {}});
      out[it->second].second.push_back(i + 1);
    }
  }
  return out;
}

std::string Numbers(const std::vector<size_t>& ns) {
  std::string out;
  for (size_t n : ns) out += (out.empty() ? "Q" : ", Q") + std::to_string(n);
  return out;
}

std::string Where(const Evidence& e) {
  return e.location.known() ? e.location.ToString() : e.probe_id;
}

std::string ServiceName(const AuditResult& r) {
  return r.subject.service_name.empty() ? r.subject.manifest_path : r.subject.service_name;
}

}  // namespace

std::string RenderCaseFileMarkdown(const AuditResult& r, Language lang) {
  const bool ja = lang == Language::kJa;
  auto questions = Questions(r);
  std::ostringstream out;
  out << "# " << (ja ? "グレーゾーン論点整理: " : "Gray-zone case file: ")
      << EscapeMarkdown(ServiceName(r)) << "\n\n";
  out << (ja ? "この文書は、サービスの事実関係と適用され得る法令を整理したものであり、"
               "法令への該当性を判断するものではありません。判断は所管省庁が行います。\n\n"
             : "This file lays out the service's facts against the laws that may apply. It "
               "decides nothing: each question is for the competent ministry to settle.\n\n");
  out << "| | |\n|---|---|\n";
  out << "| " << (ja ? "サービス" : "Service") << " | " << EscapeMarkdown(ServiceName(r)) << " |\n";
  out << "| " << (ja ? "事業者" : "Operator") << " | " << EscapeMarkdown(r.subject.operator_name)
      << " |\n";
  out << "| " << (ja ? "マニフェスト" : "Manifest") << " | "
      << EscapeMarkdown(r.subject.manifest_path) << " (sha256 `"
      << EscapeMarkdown(r.subject.manifest_sha256) << "`) |\n";
  out << "| " << (ja ? "作成日時" : "Generated") << " | " << EscapeMarkdown(r.generated_at)
      << " |\n";
  out << "| " << (ja ? "論点の数" : "Questions") << " | " << questions.size() << " |\n\n";
  if (questions.empty()) {
    out << (ja ? "グレーゾーン論点に当たる事実は見つかりませんでした。\n"
               : "No fact of this service raises a gray-zone question.\n");
    return out.str();
  }

  out << "## " << (ja ? "適用され得る法令" : "Laws that may apply") << "\n\n| "
      << (ja ? "法令・条項" : "Law and article") << " | " << (ja ? "論点" : "Questions")
      << " |\n|---|---|\n";
  for (const auto& [law, ns] : LawsIndex(questions))
    out << "| " << EscapeMarkdown(law) << " | " << Numbers(ns) << " |\n";

  out << "\n## " << (ja ? "論点" : "Questions to resolve") << "\n";
  for (size_t i = 0; i < questions.size(); ++i) {
    const Finding& f = *questions[i];
    out << "\n### Q" << i + 1 << ". " << EscapeMarkdown(f.title.Get(lang)) << "\n\n";
    std::string question = f.legal_question.Get(lang);
    out << "- " << (ja ? "問い" : "Question") << ": "
        << EscapeMarkdown(question.empty() ? f.message : question) << "\n";
    for (const auto& law : f.laws)
      out << "- " << (ja ? "法令" : "Law") << ": " << EscapeMarkdown(LawLabel(law)) << "\n";
    for (const auto& c : f.citations)
      out << "- " << (ja ? "出典" : "Source") << ": " << EscapeMarkdown(c.Label()) << "\n";
    for (const auto& e : f.evidence) {
      std::string where = Where(e);
      out << "- " << (ja ? "事実" : "Fact") << ": `" << EscapeMarkdown(e.path)
          << "` = " << EscapeMarkdown(e.value)
          << (where.empty() ? "" : " (" + EscapeMarkdown(where) + ")") << "\n";
    }
    out << "- " << (ja ? "規則" : "Rule") << ": `" << EscapeMarkdown(f.rule_id) << "`\n";
    if (!f.remediation.empty())
      out << "- " << (ja ? "事業者の選択肢" : "Options for the vendor") << ": "
          << EscapeMarkdown(f.remediation.Get(lang)) << "\n";
  }
  return out.str();
}

std::string RenderCaseFileHtml(const AuditResult& r) {
  auto questions = Questions(r);
  auto both = [](const std::string& ja, const std::string& en) {
    return "<span lang=\"ja\">" + EscapeHtml(ja) + "</span> / <span lang=\"en\">" + EscapeHtml(en) +
           "</span>";
  };
  std::ostringstream out;
  out << reports::ScriptlessPageHead("ja", "Gray-zone case file: " + ServiceName(r))
      << "<body class=\"lang-ja lang-en\"><header><h1>"
      << both("グレーゾーン論点整理", "Gray-zone case file") << ": " << EscapeHtml(ServiceName(r))
      << "</h1><p>"
      << both("サービスの事実関係と適用され得る法令の整理であり、該当性の判断ではありません。",
              "The service's facts against the laws that may apply; a list of questions, not "
              "a verdict.")
      << "</p></header><main>\n<section><table>"
      << "<tr><th>" << both("事業者", "Operator") << "</th><td>"
      << EscapeHtml(r.subject.operator_name) << "</td></tr><tr><th>"
      << both("マニフェスト", "Manifest") << "</th><td><code>"
      << EscapeHtml(r.subject.manifest_path) << "</code><br><code>sha256 "
      << EscapeHtml(r.subject.manifest_sha256) << "</code></td></tr><tr><th>"
      << both("作成日時", "Generated") << "</th><td>" << EscapeHtml(r.generated_at)
      << "</td></tr></table></section>\n";
  if (questions.empty()) {
    out << "<p>"
        << both("グレーゾーン論点に当たる事実は見つかりませんでした。",
                "No fact of this service raises a gray-zone question.")
        << "</p></main></body></html>\n";
    return out.str();
  }
  out << "<section><h2>" << both("適用され得る法令", "Laws that may apply")
      << "</h2><table><tr><th>" << both("法令・条項", "Law and article") << "</th><th>"
      << both("論点", "Questions") << "</th></tr>";
  for (const auto& [law, ns] : LawsIndex(questions))
    out << "<tr><td>" << EscapeHtml(law) << "</td><td>" << Numbers(ns) << "</td></tr>";
  out << "</table></section>\n<section><h2>" << both("論点", "Questions to resolve") << "</h2>\n";
  for (size_t i = 0; i < questions.size(); ++i) {
    const Finding& f = *questions[i];
    out << "<article><h3>Q" << i + 1 << ". " << both(f.title.ja, f.title.en) << "</h3><dl><dt>"
        << both("問い", "Question") << "</dt><dd>"
        << both(f.legal_question.ja, f.legal_question.en.empty() ? f.message : f.legal_question.en)
        << "</dd><dt>" << both("法令", "Laws") << "</dt><dd>";
    for (const auto& law : f.laws) out << EscapeHtml(LawLabel(law)) << "<br>";
    out << "</dd><dt>" << both("事実", "Facts") << "</dt><dd class=\"evidence\">";
    for (const auto& e : f.evidence)
      out << "<code>" << EscapeHtml(e.path) << "</code> = " << EscapeHtml(e.value)
          << " <span class=\"muted\">" << EscapeHtml(Where(e)) << "</span><br>";
    out << "</dd><dt>" << both("規則", "Rule") << "</dt><dd><code>" << EscapeHtml(f.rule_id)
        << "</code></dd><dt>" << both("事業者の選択肢", "Options for the vendor") << "</dt><dd>"
        << both(f.remediation.ja, f.remediation.en) << "</dd></dl></article>\n";
  }
  out << "</section></main></body></html>\n";
  return out.str();
}

}  // namespace checker
