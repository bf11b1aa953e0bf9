#include "reports/grayzone_json.h"

namespace checker::reports {

namespace {

Json Text(const LocalizedText& t) { return Json{{"ja", t.ja}, {"en", t.en}}; }

LocalizedText ReadText(const Json& j) {
  if (!j.is_object()) return {};
  return {j.value("ja", ""), j.value("en", "")};
}

const char* Confidence(bool unconfirmed) { return unconfirmed ? "unconfirmed" : "confirmed"; }

Json Texts(const std::vector<LocalizedText>& texts) {
  Json out = Json::array();
  for (const auto& t : texts) out.push_back(Text(t));
  return out;
}

// The items of a member that may be absent or of another kind (then none).
const Json& Items(const Json& j, const char* key) {
  static const Json empty_list = Json::array();
  if (!j.is_object()) return empty_list;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : empty_list;
}

std::vector<LocalizedText> ReadTexts(const Json& j, const char* key) {
  std::vector<LocalizedText> out;
  for (const auto& t : Items(j, key)) out.push_back(ReadText(t));
  return out;
}

}  // namespace

void AddGrayzoneCase(const Finding& f, Json& j) {
  if (f.legal_question.empty() && f.laws.empty()) return;
  Json laws = Json::array();
  for (const auto& l : f.laws)
    laws.push_back(
        {{"law", l.document}, {"article", l.section}, {"confidence", Confidence(l.unconfirmed)}});
  j["legal_question"] = Text(f.legal_question);
  j["laws"] = std::move(laws);
  j["authorities"] = Texts(f.authorities);
  j["facts_needed"] = Texts(f.facts_needed);
  Json precedents = Json::array();
  for (const auto& p : f.precedents) {
    Json one{{"id", p.id}, {"summary", Text(p.summary)}};
    if (!p.url.empty()) one["url"] = p.url;
    one["confidence"] = Confidence(p.unconfirmed);
    precedents.push_back(std::move(one));
  }
  j["precedents"] = std::move(precedents);
  j["regulator_options"] = Texts(f.regulator_options);
}

void ReadGrayzoneCase(const Json& j, Finding& f) {
  if (j.contains("legal_question")) f.legal_question = ReadText(j.at("legal_question"));
  for (const auto& l : Items(j, "laws"))
    f.laws.push_back({l.value("law", ""), l.value("article", ""), "",
                      l.value("confidence", "confirmed") == "unconfirmed"});
  f.authorities = ReadTexts(j, "authorities");
  f.facts_needed = ReadTexts(j, "facts_needed");
  for (const auto& p : Items(j, "precedents"))
    f.precedents.push_back(
        {p.value("id", ""), ReadText(p.contains("summary") ? p.at("summary") : Json()),
         p.value("url", ""), p.value("confidence", "confirmed") == "unconfirmed"});
  f.regulator_options = ReadTexts(j, "regulator_options");
}

}  // namespace checker::reports
