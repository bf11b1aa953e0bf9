// Two editions of the rule packs: the new one overlays the old by pack id, then rule by rule.

#include "checker/edition.h"

#include <algorithm>
#include <set>

namespace checker {

namespace {

// The rule files under `paths`; a folder without any is an error, not an empty edition.
std::vector<SourceText> ReadEditionFiles(std::span<const std::string> paths, DiagnosticSink& sink) {
  DiagnosticSink local;
  std::vector<SourceText> files = ReadRuleFiles(paths, local);
  if (files.empty() && !local.has_errors())
    for (const auto& path : paths)
      local.Error(DiagCode::kIoError, {path, 0, 0}, "holds no rule files (*.yaml)");
  sink.Merge(local);
  return files;
}

std::string CitationsText(const std::vector<Citation>& citations) {
  std::string out;
  for (const auto& c : citations) out += (out.empty() ? "" : "; ") + c.Label();
  return out;
}

std::string TextOf(const LocalizedText& text) {
  if (text.ja.empty()) return text.en;
  if (text.en.empty()) return text.ja;
  return text.en + " / " + text.ja;
}

std::string CheckText(const Rule& rule) {
  if (rule.check == nullptr) return "";
  std::string out = rule.check->id.empty() ? "" : "ref " + rule.check->id + ": ";
  return out + NodeToJson(rule.check->spec);
}

std::vector<FieldChange> Differences(const Rule& a, const Rule& b) {
  std::vector<FieldChange> out;
  auto compare = [&](std::string field, std::string before, std::string after) {
    if (before != after) out.push_back({std::move(field), std::move(before), std::move(after)});
  };
  compare("level", std::string(LevelName(a.level)), std::string(LevelName(b.level)));
  compare("severity", std::string(RuleSeverityName(a.severity)),
          std::string(RuleSeverityName(b.severity)));
  compare("check", CheckText(a), CheckText(b));
  compare("applies_when", a.applies_when ? a.applies_when->one_line() : "",
          b.applies_when ? b.applies_when->one_line() : "");
  compare("absent", a.absent ? TextOf(a.absent->reason) : "",
          b.absent ? TextOf(b.absent->reason) : "");
  compare("citation", CitationsText(a.citations), CitationsText(b.citations));
  compare("title", TextOf(a.title), TextOf(b.title));
  compare("description", TextOf(a.description), TextOf(b.description));
  compare("remediation", TextOf(a.remediation), TextOf(b.remediation));
  return out;
}

RuleDifference Whole(const Rule& rule, RuleChangeKind kind) {
  return {rule.id, kind, rule.title.en, {}};
}

PackComparison Compare(const Pack* old_pack, const Pack* new_pack, const RuleSet& from,
                       const RuleSet& to) {
  PackComparison out;
  out.pack_id = new_pack != nullptr ? new_pack->id : old_pack->id;
  out.in_from = old_pack != nullptr;
  out.in_to = new_pack != nullptr;
  if (old_pack != nullptr) {
    out.from_version = old_pack->version;
    out.from_edition = old_pack->source.edition;
  }
  if (new_pack != nullptr) {
    out.to_version = new_pack->version;
    out.to_edition = new_pack->source.edition;
  }
  static const std::vector<std::string> kNone;
  const auto& old_ids = old_pack != nullptr ? old_pack->rule_ids : kNone;
  const auto& new_ids = new_pack != nullptr ? new_pack->rule_ids : kNone;
  auto has = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  for (const auto& id : new_ids)
    if (const Rule* rule = to.FindRule(id); rule != nullptr && !has(old_ids, id))
      out.rules.push_back(Whole(*rule, RuleChangeKind::kAdded));
  for (const auto& id : old_ids)
    if (const Rule* rule = from.FindRule(id); rule != nullptr && !has(new_ids, id))
      out.rules.push_back(Whole(*rule, RuleChangeKind::kRemoved));
  for (const auto& id : new_ids) {
    const Rule* before = from.FindRule(id);
    const Rule* after = to.FindRule(id);
    if (before == nullptr || after == nullptr || !has(old_ids, id)) continue;
    auto fields = Differences(*before, *after);
    if (fields.empty()) continue;
    RuleDifference diff = Whole(*after, RuleChangeKind::kChanged);
    diff.fields = std::move(fields);
    out.rules.push_back(std::move(diff));
  }
  return out;
}

}  // namespace

Editions LoadEditions(std::span<const std::string> from_paths,
                      std::span<const std::string> to_paths, DiagnosticSink& sink) {
  Editions out;
  std::vector<SourceText> from_files = ReadEditionFiles(from_paths, sink);
  out.from = LoadRuleSet(from_files, sink);
  std::vector<SourceText> to_files = ReadEditionFiles(to_paths, sink);
  if (sink.has_errors()) return out;

  // Which packs the new folders replace: their ids, learnt from a load of those files alone (its
  // unresolved references to the old edition's shared checks are expected and not reported).
  DiagnosticSink scratch;
  RuleSet replacing = LoadRuleSet(to_files, scratch);
  std::set<std::string, std::less<>> replaced_files;
  std::set<std::string, std::less<>> given_files;
  for (const auto& f : to_files) given_files.insert(f.name);
  for (const auto& pack : replacing.packs())
    if (const Pack* old_pack = out.from.FindPack(pack.id); old_pack != nullptr)
      replaced_files.insert(old_pack->location.file);
  std::vector<SourceText> files = std::move(to_files);
  for (auto& f : from_files)
    if (!replaced_files.contains(f.name) && !given_files.contains(f.name))
      files.push_back(std::move(f));
  out.to = LoadRuleSet(files, sink);
  return out;
}

EditionComparison CompareEditions(const RuleSet& from, const RuleSet& to) {
  EditionComparison out;
  auto consider = [&](const Pack* old_pack, const Pack* new_pack) {
    PackComparison pack = Compare(old_pack, new_pack, from, to);
    if (pack.Changed())
      out.packs.push_back(std::move(pack));
    else
      ++out.unchanged_packs;
  };
  for (const auto& pack : to.packs()) consider(from.FindPack(pack.id), &pack);
  for (const auto& pack : from.packs())
    if (to.FindPack(pack.id) == nullptr) consider(&pack, nullptr);
  return out;
}

}  // namespace checker
