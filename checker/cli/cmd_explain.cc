// checker explain: everything about one rule, for a vendor fixing it or an auditor checking it.

#include <cstdio>

#include "checker/rule_set.h"
#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/common.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kOptions[] = {
    {"rules", "DIR", "rules folder (default: the bundled rules)"},
    {"lang", "ja|en", "language (default: en)"},
};

std::string SpecText(const Node& spec, std::string_view key, Language lang) {
  const Node* n = spec.Find(key);
  if (n == nullptr) return "";
  if (n->is_map()) {
    const Node* t = n->Find(lang == Language::kJa ? "ja" : "en");
    return t != nullptr ? t->text : NodeToJson(*n);
  }
  return n->kind == NodeKind::kString ? n->text : NodeToJson(*n);
}

}  // namespace

int RunExplain(Argv raw) {
  Args args;
  if (auto exit = StartCommand("explain", "RULE-ID [--lang ja|en]",
                               "Shows a rule: its pack and edition, citations, level, check and\n"
                               "remediation, and which other rules share its check.",
                               kOptions, raw, &args))
    return *exit;
  if (args.positional.size() != 1) return UsageError("explain", "name exactly one rule id");
  auto lang = ParseLanguage(args.Get("lang"));
  if (!lang) return UsageError("explain", "--lang must be ja or en");
  auto rules = LoadRules({args.Get("rules", DefaultRulesDir())});
  if (!rules) return kExitUsage;
  const Rule* r = rules->FindRule(args.positional[0]);
  if (r == nullptr) {
    std::fprintf(stderr, "checker explain: no rule '%s'; 'checker list rules' shows them\n",
                 TerminalSafe(args.positional[0]).c_str());
    return kExitUsage;
  }
  const Pack* pack = rules->FindPack(r->pack_id);
  const bool ja = *lang == Language::kJa;
  std::printf("%s\n  %s\n\n", TerminalSafe(r->id).c_str(),
              TerminalSafe(r->title.Get(*lang)).c_str());
  if (!r->description.empty())
    std::printf("%s\n\n", TerminalSafeLines(r->description.Get(*lang)).c_str());
  std::printf("%s %s (%s %s, %s %s)\n", ja ? "パック:" : "Pack:", TerminalSafe(r->pack_id).c_str(),
              TerminalSafe(pack->source.document).c_str(),
              TerminalSafe(pack->source.edition).c_str(), ja ? "施行" : "effective",
              TerminalSafe(pack->effective_date).c_str());
  for (const auto& c : r->citations)
    std::printf("%s %s %s%s%s\n", ja ? "根拠:" : "Citation:", TerminalSafe(c.document).c_str(),
                TerminalSafe(c.section).c_str(),
                c.unconfirmed ? (ja ? " [未確認]" : " [unconfirmed]") : "",
                c.url.empty() ? "" : ("  " + TerminalSafe(c.url)).c_str());
  std::printf("%s %s   %s %s   %s %s\n",
              ja ? "水準:" : "Level:", std::string(LevelName(r->level)).c_str(),
              ja ? "重大度:" : "Severity:", std::string(RuleSeverityName(r->severity)).c_str(),
              ja ? "分類:" : "Category:", TerminalSafe(r->category).c_str());
  if (r->confidence == "unconfirmed")
    std::printf("%s\n", ja ? "注意: 出典の一部は未確認です"
                           : "Note: part of the source facts are unconfirmed");
  if (r->applies_when)
    std::printf("%s %s\n",
                ja ? "適用条件:" : "Applies when:", TerminalSafe(r->applies_when->text()).c_str());
  const Check& c = *r->check;
  std::printf("%s %s%s\n", ja ? "確認方法:" : "Check:", std::string(CheckTypeName(c.type)).c_str(),
              c.id.empty() ? "" : (" (shared check " + TerminalSafe(c.id) + ")").c_str());
  if (c.expect) std::printf("  %s\n", TerminalSafe(c.expect->text()).c_str());
  if (!c.description.empty()) std::printf("  %s\n", TerminalSafeLines(c.description).c_str());
  if (c.type == CheckType::kAttestation)
    std::printf("  %s %s\n", ja ? "必要な証跡:" : "Evidence to examine:",
                TerminalSafeLines(SpecText(c.spec, "evidence", *lang)).c_str());
  if (c.type == CheckType::kGrayzone)
    std::printf("  %s %s\n", ja ? "論点:" : "Question:",
                TerminalSafeLines(SpecText(c.spec, "question", *lang)).c_str());
  if (!c.id.empty()) {
    std::string others;
    for (const Rule* o : rules->RulesUsingCheck(c.id))
      if (o != r) others += (others.empty() ? "" : ", ") + TerminalSafe(o->id);
    if (!others.empty())
      std::printf("  %s %s\n", ja ? "同じ確認を使う規則:" : "Also satisfies:", others.c_str());
  }
  if (c.type != CheckType::kAttestation && c.type != CheckType::kGrayzone) {
    if (r->absent)
      std::printf("%s %s\n  %s\n", ja ? "証跡がない場合:" : "When evidence is absent:",
                  ja ? "違反 (fail) と判定します" : "the rule fails (absence is a violation)",
                  TerminalSafeLines(r->absent->reason.Get(*lang)).c_str());
    else
      std::printf("%s %s\n", ja ? "証跡がない場合:" : "When evidence is absent:",
                  ja ? "missing_evidence (欠けている項目を示します)"
                     : "missing_evidence, naming each absent path");
  }
  std::printf("%s %s\n",
              ja ? "是正:" : "Remediation:", TerminalSafeLines(r->remediation.Get(*lang)).c_str());
  std::printf("%s %s\n",
              ja ? "定義:" : "Defined at:", TerminalSafe(r->location.ToString()).c_str());
  return kExitOk;
}

}  // namespace checker::cli
