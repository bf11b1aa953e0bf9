// checker list: the packs, profiles or rules that are loaded.

#include <cstdio>

#include "checker/rule_set.h"
#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/common.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kOptions[] = {
    {"rules", "DIR", "rules folder (default: the bundled rules)"},
    {"profile", "NAME", "with 'rules': only the rules this profile selects"},
    {"pack", "ID", "with 'rules': only this pack's rules"},
    {"lang", "ja|en", "language of titles (default: en)"},
};

}  // namespace

int RunList(Argv raw) {
  Args args;
  if (auto exit = StartCommand("list", "[packs|profiles|rules] [--rules DIR] [--profile NAME]",
                               "Lists the loaded packs (default), profiles or rules.", kOptions,
                               raw, &args))
    return *exit;
  std::string what = args.positional.empty() ? "packs" : args.positional[0];
  if (what != "packs" && what != "profiles" && what != "rules")
    return UsageError("list", "list packs, profiles or rules, not '" + what + "'");
  auto lang = ParseLanguage(args.Get("lang"));
  if (!lang) return UsageError("list", "--lang must be ja or en");
  auto rules = LoadRules({args.Get("rules", DefaultRulesDir())});
  if (!rules) return kExitUsage;

  std::vector<std::string> pack_ids, profile_ids;
  for (const auto& p : rules->packs()) pack_ids.push_back(p.id);
  for (const auto& p : rules->profiles()) profile_ids.push_back(p.id);
  if (args.Has("pack") && rules->FindPack(args.Get("pack")) == nullptr)
    return UsageError("list", UnknownName("pack", args.Get("pack"), pack_ids));
  if (args.Has("profile") && rules->FindProfile(args.Get("profile")) == nullptr)
    return UsageError("list", UnknownName("profile", args.Get("profile"), profile_ids));

  if (what == "packs") {
    for (const auto& p : rules->packs())
      std::printf("%-14s %-8s %-4zu %s (edition %s)\n", TerminalSafe(p.id).c_str(),
                  TerminalSafe(p.version).c_str(), p.rule_ids.size(),
                  TerminalSafe(p.title.Get(*lang)).c_str(), TerminalSafe(p.source.edition).c_str());
  } else if (what == "profiles") {
    for (const auto& p : rules->profiles())
      std::printf("%-22s %-4zu %s: %s\n", TerminalSafe(p.id).c_str(), rules->Select(p).size(),
                  TerminalSafe(p.title.Get(*lang)).c_str(),
                  TerminalSafe(p.description.Get(*lang)).c_str());
  } else {
    std::vector<SelectedRule> selection;
    if (args.Has("profile")) {
      selection = rules->Select(*rules->FindProfile(args.Get("profile")));
    } else {
      std::vector<std::string> packs;
      if (args.Has("pack")) packs.push_back(args.Get("pack"));
      selection = rules->SelectPacks(packs);
    }
    for (const auto& s : selection)
      std::printf("%-40s %-6s %-11s %-9s %s\n", TerminalSafe(s.rule->id).c_str(),
                  std::string(LevelName(s.level)).c_str(),
                  std::string(CheckTypeName(s.rule->check->type)).c_str(),
                  std::string(RuleSeverityName(s.rule->severity)).c_str(),
                  TerminalSafe(s.rule->title.Get(*lang)).c_str());
  }
  return kExitOk;
}

}  // namespace checker::cli
