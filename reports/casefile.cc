// The gray-zone case file: what a regulator (or the vendor preparing a gray-zone resolution
// request) needs on one page. The service as the vendor describes it, the legal basis of the
// gray-zone resolution system, and per question: the facts with their manifest positions, the
// laws and articles that may apply, the competent authority, the facts still needed, published
// answers to compare with and the regulator's options; never a verdict. Rendered from the report
// alone, in Markdown (here) and as a self-contained HTML page with no script (casefile_html.cc).

#include "reports/casefile.h"

#include <map>
#include <sstream>

#include "checker/report.h"

#include "reports/text.h"

namespace checker {

namespace reports::casefile {

std::vector<const Finding*> Questions(const AuditResult& r) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.outcome == Outcome::kLegalReview) out.push_back(&f);
  return out;
}

std::string UnconfirmedMark(Language lang) {
  return lang == Language::kJa ? "[未確認]" : "[unconfirmed]";
}

std::string LawLabel(const Citation& law, Language lang) {
  std::string s = law.section.empty() ? law.document : law.document + " " + law.section;
  return law.unconfirmed ? s + " " + UnconfirmedMark(lang) : s;
}

std::string PrecedentLabel(const Precedent& p, Language lang) {
  return p.unconfirmed ? p.id + " " + UnconfirmedMark(lang) : p.id;
}

namespace {

template <typename LabelsOf>
Index MakeIndex(const std::vector<const Finding*>& questions, LabelsOf labels_of) {
  Index out;
  std::map<std::pair<std::string, std::string>, size_t> at;
  for (size_t i = 0; i < questions.size(); ++i) {
    for (const LocalizedText& label : labels_of(*questions[i])) {
      auto [it, fresh] = at.emplace(std::pair{label.ja, label.en}, out.size());
      if (fresh) out.push_back({label, {}});
      auto& ns = out[it->second].second;
      if (ns.empty() || ns.back() != i + 1) ns.push_back(i + 1);
    }
  }
  return out;
}

}  // namespace

Index LawsIndex(const std::vector<const Finding*>& questions) {
  return MakeIndex(questions, [](const Finding& f) {
    std::vector<LocalizedText> labels;
    for (const auto& law : f.laws)
      labels.push_back({LawLabel(law, Language::kJa), LawLabel(law, Language::kEn)});
    return labels;
  });
}

Index AuthoritiesIndex(const std::vector<const Finding*>& questions) {
  return MakeIndex(questions, [](const Finding& f) { return f.authorities; });
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

const LocalizedText& ProcedureText() {
  static const LocalizedText text{
      "グレーゾーン解消制度は産業競争力強化法に基づく制度で("
      "根拠条文は旧版で7条、2025年の解説で9条と"
      "される。現行の条番号は未確認)"
      "、2014年1月20日から運用されている。事業者が具体的な事業計画を示して"
      "事業所管大臣に照会し、事業所管大臣が規制所管大臣と調整したうえで、原則として1か月以内に回答"
      "する。"
      "回答の概要は公表される。回答が及ぶのは示された計画と照会された法令に限られる。このため、この"
      "文書は"
      "事業者自身によるサービスの説明から始め、論点ごとに回答の前に確かめるべき事実を挙げる。",
      "The gray-zone resolution system (グレーゾーン解消制度) rests on the Industrial "
      "Competitiveness "
      "Enhancement Act (産業競争力強化法; Art. 7 in older editions, Art. 9 in 2025 commentary: "
      "unconfirmed which is current) and has run since 2014-01-20. A company sets out a concrete "
      "business plan to the minister responsible for its business, who settles the answer with the "
      "minister responsible for the regulation; the answer comes in principle within one month, "
      "and "
      "a summary is published. It binds only the plan as described and the laws asked about. Hence "
      "this file opens with the vendor's own description of the service and lists, per question, "
      "the "
      "facts to establish before an answer."};
  return text;
}

const LocalizedText& NoDescriptionText() {
  static const LocalizedText text{
      "マニフェストに service.description "
      "がありません。回答は説明されたサービスについて行われるため、サービスが誰に何をし何を出力する"
      "か"
      "の説明を事業者に求めてください。",
      "The manifest has no service.description. An answer covers the service as described: ask the "
      "vendor what the service does, for whom, and with what output."};
  return text;
}

}  // namespace reports::casefile

namespace {

using reports::EscapeMarkdown;
using reports::MarkdownCode;
using namespace reports::casefile;

// One bulleted block: a label line, then its items indented under it (nothing when empty).
void Block(std::ostringstream& out, const std::string& label,
           const std::vector<std::string>& items) {
  if (items.empty()) return;
  out << "- " << label << ":\n";
  for (const auto& item : items) out << "  - " << item << "\n";
}

std::vector<std::string> Localized(const std::vector<LocalizedText>& texts, Language lang) {
  std::vector<std::string> out;
  for (const auto& t : texts) out.push_back(EscapeMarkdown(t.Get(lang)));
  return out;
}

void MarkdownQuestion(std::ostringstream& out, const Finding& f, size_t number, Language lang) {
  const bool ja = lang == Language::kJa;
  out << "\n### Q" << number << ". " << EscapeMarkdown(f.title.Get(lang)) << "\n\n";
  std::string question = f.legal_question.Get(lang);
  out << "- " << (ja ? "問い" : "Question") << ": "
      << EscapeMarkdown(question.empty() ? f.message : question) << "\n";
  Block(out, ja ? "所管" : "Competent authority", Localized(f.authorities, lang));
  std::vector<std::string> items;
  for (const auto& law : f.laws) items.push_back(EscapeMarkdown(LawLabel(law, lang)));
  Block(out, ja ? "法令・条項" : "Laws and articles", items);
  items.clear();
  for (const auto& c : f.citations) items.push_back(EscapeMarkdown(c.Label()));
  Block(out, ja ? "出典" : "Sources", items);
  items.clear();
  for (const auto& e : f.evidence) {
    std::string where = Where(e);
    items.push_back(MarkdownCode(e.path) + " = " + MarkdownCode(e.value) +
                    (where.empty() ? "" : " (" + EscapeMarkdown(where) + ")"));
  }
  Block(out, ja ? "論点を生じた事実" : "Facts that raised it", items);
  Block(out, ja ? "回答の前に確かめるべき事実" : "Facts still needed before an answer",
        Localized(f.facts_needed, lang));
  items.clear();
  for (const auto& p : f.precedents)
    items.push_back(EscapeMarkdown(PrecedentLabel(p, lang)) + ": " +
                    EscapeMarkdown(p.summary.Get(lang)));
  if (items.empty())
    items.push_back(ja ? "この規則の出典に公表された回答例はありません。"
                       : "None published in the sources this rule draws on.");
  Block(out, ja ? "公表された回答例" : "Published answers to compare with", items);
  Block(out, ja ? "所管省庁の選択肢" : "Options for the regulator",
        Localized(f.regulator_options, lang));
  out << "- " << (ja ? "規則" : "Rule") << ": " << MarkdownCode(f.rule_id) << "\n";
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
      << EscapeMarkdown(r.subject.manifest_path) << " (sha256 "
      << EscapeMarkdown(r.subject.manifest_sha256) << ") |\n";
  out << "| " << (ja ? "作成日時" : "Generated") << " | " << EscapeMarkdown(r.generated_at)
      << " |\n";
  out << "| " << (ja ? "論点の数" : "Questions") << " | " << questions.size() << " |\n\n";

  out << "## " << (ja ? "事業者によるサービスの説明" : "The service as the vendor describes it")
      << "\n\n";
  if (r.subject.service_description.empty()) {
    out << EscapeMarkdown(NoDescriptionText().Get(lang)) << "\n\n";
  } else {
    out << EscapeMarkdown(r.subject.service_description) << "\n\n("
        << (ja ? "マニフェストの記載: " : "as the manifest states it: ")
        << MarkdownCode("service.description");
    if (r.subject.service_description_location.known())
      out << ", " << EscapeMarkdown(r.subject.service_description_location.ToString());
    out << ")\n\n";
  }
  out << "## "
      << (ja ? "グレーゾーン解消制度(法的根拠と手続)"
             : "The gray-zone resolution system: legal basis and course")
      << "\n\n"
      << EscapeMarkdown(ProcedureText().Get(lang)) << "\n\n";
  if (questions.empty()) {
    out << (ja ? "グレーゾーン論点に当たる事実は見つかりませんでした。\n"
               : "No fact of this service raises a gray-zone question.\n");
    return out.str();
  }

  out << "## " << (ja ? "適用され得る法令" : "Laws that may apply") << "\n\n| "
      << (ja ? "法令・条項" : "Law and article") << " | " << (ja ? "論点" : "Questions")
      << " |\n|---|---|\n";
  for (const auto& [law, ns] : LawsIndex(questions))
    out << "| " << EscapeMarkdown(law.Get(lang)) << " | " << Numbers(ns) << " |\n";
  auto authorities = AuthoritiesIndex(questions);
  if (!authorities.empty()) {
    out << "\n## " << (ja ? "所管省庁" : "Competent authorities") << "\n\n| "
        << (ja ? "省庁・部局" : "Ministry and bureau") << " | " << (ja ? "論点" : "Questions")
        << " |\n|---|---|\n";
    for (const auto& [authority, ns] : authorities)
      out << "| " << EscapeMarkdown(authority.Get(lang)) << " | " << Numbers(ns) << " |\n";
  }

  out << "\n## " << (ja ? "論点" : "Questions to resolve") << "\n";
  for (size_t i = 0; i < questions.size(); ++i) MarkdownQuestion(out, *questions[i], i + 1, lang);
  return out.str();
}

}  // namespace checker
