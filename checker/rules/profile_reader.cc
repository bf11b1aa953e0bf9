// Profiles files: named baselines that select rules by pack, rule, tag or category and may raise
// or lower a rule's level or weigh categories for scoring (docs/rule-format.md).

#include "rules/reader.h"

namespace checker::rules {

namespace {

constexpr std::string_view kProfileKeys[] = {"id",      "title",     "description", "include",
                                             "exclude", "overrides", "weights"};
constexpr std::string_view kSelectorKeys[] = {"pack", "rule", "tag", "category"};
constexpr std::string_view kOverrideKeys[] = {"rule", "level"};

std::vector<Selector> ReadSelectors(FileContext& ctx, const Node* list, std::string_view key) {
  std::vector<Selector> out;
  if (list == nullptr) return out;
  if (!list->is_list()) {
    ctx.Error(DiagCode::kWrongType, list->position,
              "'" + std::string(key) + "' must be a list of selectors, found " +
                  std::string(KindArticle(list->kind)));
    return out;
  }
  for (const auto& item : list->items) {
    Fields f(ctx, item, "selector", kSelectorKeys);
    if (!f.is_map()) continue;
    if (item.members.size() != 1) {
      ctx.Error(DiagCode::kInvalidValue, item.position,
                "a selector names exactly one of pack, rule, tag or category");
      continue;
    }
    const Member& m = item.members[0];
    Selector s;
    s.by = m.key == "pack"   ? Selector::By::kPack
           : m.key == "rule" ? Selector::By::kRule
           : m.key == "tag"  ? Selector::By::kTag
                             : Selector::By::kCategory;
    if (auto v = f.String(m.key, true)) {
      s.value = *v;
      s.location = ctx.At(m.value.position);
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace

void ReadProfile(FileContext& ctx, const Node& node, FileItems& out) {
  bool was_ok = ctx.ok;
  ctx.ok = true;
  ProfileItem item;
  Profile& p = item.profile;
  Fields f(ctx, node, "profile", kProfileKeys);
  if (!f.is_map()) return;
  p.location = ctx.At(node.position);
  if (auto id = f.Id("id", true)) {
    p.id = *id;
    item.id_position = f.Get("id")->position;
  }
  p.title = f.Text("title", true);
  p.description = f.Text("description", true);
  p.include = ReadSelectors(ctx, f.Get("include"), "include");
  if (f.Get("include") == nullptr) f.Require("include");
  p.exclude = ReadSelectors(ctx, f.Get("exclude"), "exclude");
  if (const Node* overrides = f.Get("overrides")) {
    if (!overrides->is_list()) {
      ctx.Error(DiagCode::kWrongType, overrides->position, "'overrides' must be a list");
    } else {
      for (const auto& o : overrides->items) {
        Fields of(ctx, o, "override", kOverrideKeys);
        if (!of.is_map()) continue;
        LevelOverride lo;
        auto rule = of.String("rule", true);
        auto level = of.Enum("level", kLevelNames, true);
        if (!rule || !level) continue;
        lo.rule_id = *rule;
        lo.level = *ParseLevel(*level);
        lo.location = ctx.At(of.Get("rule")->position);
        p.overrides.push_back(std::move(lo));
      }
    }
  }
  if (const Node* weights = f.Get("weights")) {
    if (!weights->is_map()) {
      ctx.Error(DiagCode::kWrongType, weights->position,
                "'weights' must map categories to numbers");
    } else {
      for (const auto& m : weights->members) {
        if (m.value.kind != NodeKind::kNumber || m.value.number < 0) {
          ctx.Error(DiagCode::kWrongType, m.value.position,
                    "weight of '" + m.key + "' must be a number of at least 0");
          continue;
        }
        p.category_weights[m.key] = m.value.number;
      }
    }
  }
  item.ok = ctx.ok;
  ctx.ok = was_ok && ctx.ok;
  out.profiles.push_back(std::move(item));
}

}  // namespace checker::rules
