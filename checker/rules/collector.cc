// Stages two and three of loading: collect the items of every file into one RuleSet, checking
// what only shows across files (duplicate ids, shared-check references, profile references).

#include <algorithm>
#include <map>
#include <set>

#include "checker/document.h"
#include "checker/rule_set.h"

#include "rules/reader.h"

namespace checker {

class RuleSetBuilder {
 public:
  explicit RuleSetBuilder(DiagnosticSink& sink) : sink_(sink) {}

  RuleSet Build(std::vector<rules::FileItems>& files) {
    for (auto& f : files)
      for (auto& c : f.checks) AddCheck(c);
    for (auto& f : files)
      for (auto& r : f.packs)
        for (auto& rule : r.rules)
          if (!rule.rule.id.empty()) defined_rules_.insert(rule.rule.id);
    for (auto& f : files)
      for (auto& p : f.packs) AddPack(p);
    for (auto& f : files)
      for (auto& p : f.profiles) AddProfile(p);
    return std::move(rs_);
  }

 private:
  static SourceLocation At(const SourceLocation& file, Position p) {
    return {file.file, p.line, p.column};
  }

  bool Unique(std::map<std::string, SourceLocation>& seen, const std::string& id,
              const SourceLocation& where, std::string_view what) {
    auto [it, inserted] = seen.emplace(id, where);
    if (!inserted) {
      sink_.Error(DiagCode::kDuplicateId, where,
                  "duplicate " + std::string(what) + " id '" + id + "' (first defined at " +
                      it->second.ToString() + ")");
    }
    return inserted;
  }

  void AddCheck(rules::CheckItem& item) {
    SourceLocation where = At(item.check.location, item.id_position);
    if (!Unique(check_ids_, item.check.id, where, "check") || !item.ok) return;
    rs_.checks_.push_back(std::move(item.check));
    rs_.check_index_[rs_.checks_.back().id] = &rs_.checks_.back();
    check_names_.push_back(rs_.checks_.back().id);
  }

  void AddPack(rules::PackItem& item) {
    if (item.pack.id.empty()) return;
    if (!Unique(pack_ids_, item.pack.id, At(item.pack.location, item.id_position), "pack")) return;
    rs_.packs_.push_back(std::move(item.pack));
    Pack& pack = rs_.packs_.back();
    for (auto& r : item.rules) {
      Rule& rule = r.rule;
      if (rule.id.empty()) continue;
      SourceLocation where = At(rule.location, r.id_position);
      if (!Unique(rule_ids_, rule.id, where, "rule") || !r.ok) continue;
      if (!r.check_ref.empty()) {
        auto it = rs_.check_index_.find(r.check_ref);
        if (it == rs_.check_index_.end()) {
          sink_.Error(DiagCode::kUnknownReference, At(rule.location, r.ref_position),
                      "rule '" + rule.id + "' refers to unknown check '" + r.check_ref + "'" +
                          rules::DidYouMean(r.check_ref, check_names_));
          continue;
        }
        rule.check = it->second;
      } else if (r.inline_check) {
        rs_.checks_.push_back(std::move(*r.inline_check));
        rule.check = &rs_.checks_.back();
      } else {
        continue;
      }
      if (rule.absent && (rule.check->type == CheckType::kAttestation ||
                          rule.check->type == CheckType::kGrayzone)) {
        sink_.Error(DiagCode::kInvalidValue, rule.absent->location,
                    "'absent' applies to manifest, http, tls and document checks; rule '" +
                        rule.id + "' has a " + std::string(CheckTypeName(rule.check->type)) +
                        " check");
        continue;
      }
      rs_.rules_.push_back(std::move(rule));
      rs_.rule_index_[rs_.rules_.back().id] = &rs_.rules_.back();
      pack.rule_ids.push_back(rs_.rules_.back().id);
    }
  }

  void CheckSelector(const Selector& s, const std::string& profile) {
    std::vector<std::string> names;
    switch (s.by) {
      case Selector::By::kPack:
        if (rs_.FindPack(s.value) != nullptr) return;
        for (const auto& p : rs_.packs_) names.push_back(p.id);
        sink_.Error(DiagCode::kUnknownReference, s.location,
                    "profile '" + profile + "' selects unknown pack '" + s.value + "'" +
                        rules::DidYouMean(s.value, names));
        return;
      case Selector::By::kRule:
        if (defined_rules_.count(s.value) != 0) return;
        names.assign(defined_rules_.begin(), defined_rules_.end());
        sink_.Error(DiagCode::kUnknownReference, s.location,
                    "profile '" + profile + "' selects unknown rule '" + s.value + "'" +
                        rules::DidYouMean(s.value, names));
        return;
      case Selector::By::kTag:
      case Selector::By::kCategory: {
        bool tag = s.by == Selector::By::kTag;
        bool any = std::any_of(rs_.rules_.begin(), rs_.rules_.end(), [&](const Rule& r) {
          return tag ? std::find(r.tags.begin(), r.tags.end(), s.value) != r.tags.end()
                     : r.category == s.value;
        });
        if (!any) {
          sink_.Warning(
              DiagCode::kEmptySelection, s.location,
              std::string("no rule has the ") + (tag ? "tag '" : "category '") + s.value + "'");
        }
        return;
      }
    }
  }

  void AddProfile(rules::ProfileItem& item) {
    Profile& p = item.profile;
    if (p.id.empty()) return;
    if (!Unique(profile_ids_, p.id, At(p.location, item.id_position), "profile")) return;
    bool ok = item.ok;
    size_t errors_before = sink_.error_count();
    for (const auto& s : p.include) CheckSelector(s, p.id);
    for (const auto& s : p.exclude) CheckSelector(s, p.id);
    for (const auto& o : p.overrides) {
      if (defined_rules_.count(o.rule_id) == 0) {
        std::vector<std::string> names(defined_rules_.begin(), defined_rules_.end());
        sink_.Error(DiagCode::kUnknownReference, o.location,
                    "profile '" + p.id + "' overrides unknown rule '" + o.rule_id + "'" +
                        rules::DidYouMean(o.rule_id, names));
      }
    }
    if (!ok || sink_.error_count() != errors_before) return;
    rs_.profiles_.push_back(std::move(p));
    if (rs_.Select(rs_.profiles_.back()).empty()) {
      sink_.Warning(DiagCode::kEmptySelection, rs_.profiles_.back().location,
                    "profile '" + rs_.profiles_.back().id + "' selects no rule");
    }
  }

  DiagnosticSink& sink_;
  RuleSet rs_;
  std::map<std::string, SourceLocation> check_ids_, pack_ids_, rule_ids_, profile_ids_;
  std::vector<std::string> check_names_;
  std::set<std::string> defined_rules_;
};

RuleSet LoadRuleSet(std::span<const SourceText> files, DiagnosticSink& sink,
                    const LoadOptions& options) {
  std::vector<rules::FileItems> items(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    DiagnosticSink file_sink;
    auto doc = ParseDocument(files[i], DocumentFormat::kYaml, DocumentLimits{}, file_sink);
    if (doc) {
      rules::FileContext ctx{*doc, files[i].content, file_sink};
      rules::ReadRuleFile(ctx, options.expr_limits, items[i]);
    }
    file_sink.AttachSourceLines(files[i].name, files[i].content);
    sink.Merge(file_sink);
  }
  DiagnosticSink collect_sink;
  RuleSet rs = RuleSetBuilder(collect_sink).Build(items);
  for (const auto& f : files) collect_sink.AttachSourceLines(f.name, f.content);
  sink.Merge(collect_sink);
  return rs;
}

}  // namespace checker
