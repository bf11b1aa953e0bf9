#include "checker/rule_set.h"

#include <algorithm>
#include <filesystem>

#include "checker/document.h"

#include "rules/fields.h"

namespace checker {

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  return rules::DidYouMean(word, candidates);
}

const Rule* RuleSet::FindRule(std::string_view id) const {
  auto it = rule_index_.find(id);
  return it == rule_index_.end() ? nullptr : it->second;
}

const Pack* RuleSet::FindPack(std::string_view id) const {
  for (const auto& p : packs_)
    if (p.id == id) return &p;
  return nullptr;
}

const Profile* RuleSet::FindProfile(std::string_view id) const {
  for (const auto& p : profiles_)
    if (p.id == id) return &p;
  return nullptr;
}

const Check* RuleSet::FindSharedCheck(std::string_view id) const {
  auto it = check_index_.find(id);
  return it == check_index_.end() ? nullptr : it->second;
}

std::vector<const Rule*> RuleSet::RulesUsingCheck(std::string_view check_id) const {
  std::vector<const Rule*> out;
  const Check* check = FindSharedCheck(check_id);
  if (check == nullptr) return out;
  for (const auto& r : rules_)
    if (r.check == check) out.push_back(&r);
  return out;
}

namespace {

bool Matches(const Selector& s, const Rule& r) {
  switch (s.by) {
    case Selector::By::kPack:
      return r.pack_id == s.value;
    case Selector::By::kRule:
      return r.id == s.value;
    case Selector::By::kTag:
      return std::find(r.tags.begin(), r.tags.end(), s.value) != r.tags.end();
    case Selector::By::kCategory:
      return r.category == s.value;
  }
  return false;
}

}  // namespace

std::vector<SelectedRule> RuleSet::Select(const Profile& profile) const {
  std::vector<SelectedRule> out;
  for (const auto& r : rules_) {
    auto matches = [&](const Selector& s) { return Matches(s, r); };
    if (!std::any_of(profile.include.begin(), profile.include.end(), matches)) continue;
    if (std::any_of(profile.exclude.begin(), profile.exclude.end(), matches)) continue;
    SelectedRule selected{&r, r.level};
    for (const auto& o : profile.overrides)
      if (o.rule_id == r.id) selected.level = o.level;
    out.push_back(selected);
  }
  return out;
}

std::vector<SelectedRule> RuleSet::SelectPacks(std::span<const std::string> pack_ids) const {
  std::vector<SelectedRule> out;
  for (const auto& r : rules_) {
    if (!pack_ids.empty() &&
        std::find(pack_ids.begin(), pack_ids.end(), r.pack_id) == pack_ids.end())
      continue;
    out.push_back({&r, r.level});
  }
  return out;
}

std::vector<SourceText> ReadRuleFiles(std::span<const std::string> paths, DiagnosticSink& sink) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  auto is_yaml = [](const fs::path& p) {
    return p.extension() == ".yaml" || p.extension() == ".yml";
  };
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      fs::recursive_directory_iterator it(path, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        if (it->is_directory() && it->path().filename() == "fixtures") {
          it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file() && is_yaml(it->path())) files.push_back(it->path().string());
      }
      if (ec) sink.Error(DiagCode::kIoError, {path, 0, 0}, "cannot list folder: " + ec.message());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      sink.Error(DiagCode::kIoError, {path, 0, 0}, "no such file or folder");
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  std::vector<SourceText> out;
  for (const auto& f : files) {
    SourceText text{f, {}};
    std::string error;
    if (!ReadFile(f, DocumentLimits{}.max_bytes, &text.content, &error)) {
      sink.Error(DiagCode::kIoError, {f, 0, 0}, "cannot read file: " + error);
      continue;
    }
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace checker
