// The gray-zone case file as one self-contained HTML page with no script, in both languages
// (the same sections as the Markdown rendering in casefile.cc).

#include <sstream>

#include "checker/report.h"

#include "reports/casefile.h"
#include "reports/text.h"

namespace checker {

namespace {

using reports::EscapeHtml;
using namespace reports::casefile;

std::string Both(const std::string& ja, const std::string& en) {
  return "<span lang=\"ja\">" + EscapeHtml(ja) + "</span> / <span lang=\"en\">" + EscapeHtml(en) +
         "</span>";
}
std::string Both(const LocalizedText& t) { return Both(t.ja, t.en); }

// A term and its items, one per line (nothing when there are none).
void Entry(std::ostringstream& out, const std::string& term, const std::vector<std::string>& items,
           const char* css = nullptr) {
  if (items.empty()) return;
  out << "<dt>" << term << "</dt><dd" << (css ? std::string(" class=\"") + css + "\"" : "")
      << "><ul>";
  for (const auto& item : items) out << "<li>" << item << "</li>";
  out << "</ul></dd>";
}

std::vector<std::string> Texts(const std::vector<LocalizedText>& texts) {
  std::vector<std::string> out;
  for (const auto& t : texts) out.push_back(Both(t));
  return out;
}

// One language's label when both say the same (a law's name), else both.
std::string Label(const LocalizedText& t) { return t.ja == t.en ? EscapeHtml(t.en) : Both(t); }

void IndexTable(std::ostringstream& out, const std::string& heading, const std::string& column,
                const Index& index) {
  out << "<section><h2>" << heading << "</h2><table><tr><th>" << column << "</th><th>"
      << Both("論点", "Questions") << "</th></tr>";
  for (const auto& [label, ns] : index)
    out << "<tr><td>" << Label(label) << "</td><td>" << Numbers(ns) << "</td></tr>";
  out << "</table></section>\n";
}

void HtmlQuestion(std::ostringstream& out, const Finding& f, size_t number) {
  out << "<article id=\"q" << number << "\"><h3>Q" << number << ". " << Both(f.title)
      << "</h3><dl><dt>" << Both("問い", "Question") << "</dt><dd>"
      << Both(f.legal_question.ja, f.legal_question.en.empty() ? f.message : f.legal_question.en)
      << "</dd>";
  Entry(out, Both("所管", "Competent authority"), Texts(f.authorities));
  std::vector<std::string> items;
  for (const auto& law : f.laws)
    items.push_back(Label({LawLabel(law, Language::kJa), LawLabel(law, Language::kEn)}));
  Entry(out, Both("法令・条項", "Laws and articles"), items);
  items.clear();
  for (const auto& c : f.citations) items.push_back(EscapeHtml(c.Label()));
  Entry(out, Both("出典", "Sources"), items);
  items.clear();
  for (const auto& e : f.evidence)
    items.push_back("<code>" + EscapeHtml(e.path) + "</code> = <code>" + EscapeHtml(e.value) +
                    "</code> <span class=\"muted\">" + EscapeHtml(Where(e)) + "</span>");
  Entry(out, Both("論点を生じた事実", "Facts that raised it"), items, "evidence");
  Entry(out, Both("回答の前に確かめるべき事実", "Facts still needed before an answer"),
        Texts(f.facts_needed));
  items.clear();
  for (const auto& p : f.precedents)
    items.push_back(Label({PrecedentLabel(p, Language::kJa), PrecedentLabel(p, Language::kEn)}) +
                    ": " + Both(p.summary));
  if (items.empty())
    items.push_back(Both("この規則の出典に公表された回答例はありません。",
                         "None published in the sources this rule draws on."));
  Entry(out, Both("公表された回答例", "Published answers to compare with"), items);
  Entry(out, Both("所管省庁の選択肢", "Options for the regulator"), Texts(f.regulator_options));
  out << "<dt>" << Both("規則", "Rule") << "</dt><dd><code>" << EscapeHtml(f.rule_id)
      << "</code></dd></dl></article>\n";
}

}  // namespace

std::string RenderCaseFileHtml(const AuditResult& r) {
  auto questions = Questions(r);
  std::ostringstream out;
  out << reports::ScriptlessPageHead("ja", "Gray-zone case file: " + ServiceName(r))
      << "<body class=\"lang-ja lang-en\"><header><h1>"
      << Both("グレーゾーン論点整理", "Gray-zone case file") << ": " << EscapeHtml(ServiceName(r))
      << "</h1><p>"
      << Both("サービスの事実関係と適用され得る法令の整理であり、該当性の判断ではありません。",
              "The service's facts against the laws that may apply; a list of questions, not "
              "a verdict.")
      << "</p></header><main>\n<section><table>"
      << "<tr><th>" << Both("事業者", "Operator") << "</th><td>"
      << EscapeHtml(r.subject.operator_name) << "</td></tr><tr><th>"
      << Both("マニフェスト", "Manifest") << "</th><td><code>"
      << EscapeHtml(r.subject.manifest_path) << "</code><br><code>sha256 "
      << EscapeHtml(r.subject.manifest_sha256) << "</code></td></tr><tr><th>"
      << Both("作成日時", "Generated") << "</th><td>" << EscapeHtml(r.generated_at)
      << "</td></tr><tr><th>" << Both("論点の数", "Questions") << "</th><td>" << questions.size()
      << "</td></tr></table></section>\n";

  out << "<section id=\"description\"><h2>"
      << Both("事業者によるサービスの説明", "The service as the vendor describes it") << "</h2>";
  if (r.subject.service_description.empty()) {
    out << "<p>" << Both(NoDescriptionText()) << "</p>";
  } else {
    out << "<blockquote>" << EscapeHtml(r.subject.service_description) << "</blockquote><p>"
        << Both("マニフェストの記載", "As the manifest states it")
        << ": <code>service.description</code> <span class=\"muted\">"
        << EscapeHtml(r.subject.service_description_location.known()
                          ? r.subject.service_description_location.ToString()
                          : "")
        << "</span></p>";
  }
  out << "</section>\n<section id=\"procedure\"><h2>"
      << Both("グレーゾーン解消制度(法的根拠と手続)",
              "The gray-zone resolution system: legal basis and course")
      << "</h2><p lang=\"ja\">" << EscapeHtml(ProcedureText().ja) << "</p><p lang=\"en\">"
      << EscapeHtml(ProcedureText().en) << "</p></section>\n";
  if (questions.empty()) {
    out << "<p>"
        << Both("グレーゾーン論点に当たる事実は見つかりませんでした。",
                "No fact of this service raises a gray-zone question.")
        << "</p></main></body></html>\n";
    return out.str();
  }
  IndexTable(out, Both("適用され得る法令", "Laws that may apply"),
             Both("法令・条項", "Law and article"), LawsIndex(questions));
  if (auto authorities = AuthoritiesIndex(questions); !authorities.empty())
    IndexTable(out, Both("所管省庁", "Competent authorities"),
               Both("省庁・部局", "Ministry and bureau"), authorities);
  out << "<section id=\"questions\"><h2>" << Both("論点", "Questions to resolve") << "</h2>\n";
  for (size_t i = 0; i < questions.size(); ++i) HtmlQuestion(out, *questions[i], i + 1);
  out << "</section></main></body></html>\n";
  return out.str();
}

}  // namespace checker
