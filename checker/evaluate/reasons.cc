#include "evaluate/reasons.h"

namespace checker::evaluate {

namespace {

// A JSON string value without its quotes and escapes (for sentences); other values as they are.
std::string Plain(const std::string& json) {
  if (json.size() < 2 || json.front() != '"' || json.back() != '"') return json;
  std::string out;
  for (size_t i = 1; i + 1 < json.size(); ++i) {
    if (json[i] == '\\' && i + 2 < json.size()) ++i;
    out += json[i];
  }
  return out;
}

std::string Fill(const std::string& text, const Reason& r, const std::string& expected) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      size_t close = text.find('}', i);
      if (close != std::string::npos) {
        std::string name = text.substr(i + 1, close - i - 1);
        const std::string* value = name == "value"      ? nullptr
                                   : name == "path"     ? &r.path
                                   : name == "item"     ? &r.item
                                   : name == "expected" ? &expected
                                   : name == "header"   ? &r.header
                                   : name == "endpoint" ? &r.endpoint
                                                        : &text;
        if (value != &text) {
          out += value == nullptr ? (r.absent ? "(absent)" : Plain(r.observed)) : *value;
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

Reason MakeReason(const Check& check, const FailedCondition& c, ReasonSource source) {
  Reason r;
  r.condition = c.condition;
  r.path = c.path.empty() ? c.subject : c.path;
  r.observed = c.observed;
  r.absent = c.absent;
  r.item = !source.item.empty() ? source.item : !c.item.empty() ? c.item : c.item_path;
  r.location = std::move(source.location);
  r.endpoint = std::move(source.endpoint);
  r.header = std::move(source.header);
  r.text = {c.sentence_ja, c.sentence_en};
  for (const auto& t : check.reasons) {
    if (t.key != c.pattern && t.key != c.condition && t.key != c.path) continue;
    if (!t.text.ja.empty()) r.text.ja = Fill(t.text.ja, r, c.expected_ja);
    if (!t.text.en.empty()) r.text.en = Fill(t.text.en, r, c.expected_en);
    break;
  }
  return r;
}

std::string SummariseReasons(const std::vector<Reason>& reasons) {
  std::string out;
  for (const auto& r : reasons) {
    if (out.size() > 400) {
      out += "; ...";
      break;
    }
    out += (out.empty() ? "" : "; ") + r.text.en;
  }
  return out;
}

}  // namespace checker::evaluate
