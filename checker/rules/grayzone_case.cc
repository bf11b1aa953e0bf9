// The regulator's half of a gray-zone check (docs/rule-format.md, "Gray-zone checks"): the laws
// and articles, the question, the competent authority, the facts still needed before an answer,
// published precedents and the options open to the regulator. Only read and checked here; the
// evaluator copies them into the finding as written.

#include "rules/reader.h"

namespace checker::rules {

namespace {

constexpr std::string_view kLawKeys[] = {"law", "article", "url", "confidence"};
constexpr std::string_view kPrecedentKeys[] = {"id", "summary", "url", "confidence"};
constexpr std::string_view kConfidence[] = {"confirmed", "unconfirmed"};
constexpr std::string_view kLanguages[] = {"ja", "en"};

// A list under `key` whose items are mappings read by `read`; reports a key that is not a list.
template <typename ReadItem>
void ReadItems(FileContext& ctx, Fields& f, std::string_view key, bool required,
               std::string_view shape, ReadItem read) {
  const Node* list = required ? f.Require(key) : f.Get(key);
  if (list == nullptr) return;
  if (!list->is_list() || list->items.empty()) {
    ctx.Error(DiagCode::kWrongType, list->position,
              "'" + std::string(key) + "' must be a non-empty list of " + std::string(shape));
    return;
  }
  for (const auto& item : list->items) read(item);
}

// One {ja, en} item of a list: both languages, since the case file is read in either.
void ReadTextItem(FileContext& ctx, const Node& item, std::string_view key) {
  if (!item.is_map()) {
    ctx.Error(DiagCode::kWrongType, item.position,
              "each item of '" + std::string(key) +
                  "' must be a mapping {ja: ..., en: ...}, found " +
                  std::string(KindArticle(item.kind)));
    return;
  }
  Fields text(ctx, item, "an item of '" + std::string(key) + "'", kLanguages);
  bool ja = !text.String("ja", false).value_or("").empty();
  bool en = !text.String("en", false).value_or("").empty();
  if (!ja || !en)
    ctx.Error(DiagCode::kMissingField, item.position,
              "an item of '" + std::string(key) + "' needs both 'ja' and 'en' texts");
}

}  // namespace

void ReadGrayzoneCase(FileContext& ctx, Fields& f) {
  ReadItems(ctx, f, "laws", true, "{law, article}", [&](const Node& law) {
    Fields lf(ctx, law, "law", kLawKeys);
    lf.String("law", true);
    lf.String("article", true);
    lf.Enum("confidence", kConfidence, false);
  });
  f.Text("question", true);
  for (std::string_view key : {"authority", "facts_needed", "options"})
    ReadItems(ctx, f, key, false, "{ja, en}",
              [&](const Node& item) { ReadTextItem(ctx, item, key); });
  ReadItems(ctx, f, "precedents", false, "{id, summary}", [&](const Node& p) {
    Fields pf(ctx, p, "precedent", kPrecedentKeys);
    pf.String("id", true);
    pf.Text("summary", true);
    pf.String("url", false);
    pf.Enum("confidence", kConfidence, false);
  });
}

}  // namespace checker::rules
