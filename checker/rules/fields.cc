#include "rules/fields.h"

#include <algorithm>

namespace checker::rules {

void FileContext::Error(DiagCode code, Position at, std::string message) {
  sink.Error(code, At(at), std::move(message));
  ok = false;
}

void FileContext::Warning(DiagCode code, Position at, std::string message) {
  sink.Warning(code, At(at), std::move(message));
}

SourceLocation FileContext::ContentStart(const Node& scalar, uint32_t* continuation_column) const {
  SourceLocation loc = At(scalar.position);
  *continuation_column = 1;
  LineIndex index(text);
  std::string_view line = index.Line(loc.line);
  size_t offset = index.Offset(loc.line, loc.column) - index.LineStart(loc.line);
  if (offset >= line.size()) return loc;
  char c = line[offset];
  if (c == '"' || c == '\'') {
    ++loc.column;
  } else if (c == '|' || c == '>') {
    // Block scalar: content starts on a following line at its indentation.
    for (uint32_t next = loc.line + 1; next <= index.line_count(); ++next) {
      std::string_view l = index.Line(next);
      size_t indent = l.find_first_not_of(' ');
      if (indent == std::string_view::npos) continue;
      loc.line = next;
      loc.column = static_cast<uint32_t>(indent) + 1;
      *continuation_column = loc.column;
      break;
    }
  }
  return loc;
}

std::string_view KindArticle(NodeKind k) {
  switch (k) {
    case NodeKind::kNull:
      return "nothing (null)";
    case NodeKind::kBool:
      return "a boolean";
    case NodeKind::kNumber:
      return "a number";
    case NodeKind::kString:
      return "a string";
    case NodeKind::kList:
      return "a list";
    case NodeKind::kMap:
      return "a mapping";
  }
  return "a value";
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

namespace {

template <typename Range>
std::string Closest(std::string_view word, const Range& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance) best_distance = d, best = std::string(c);
  }
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

}  // namespace

std::string DidYouMean(std::string_view word, std::span<const std::string_view> candidates) {
  return Closest(word, candidates);
}
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  return Closest(word, candidates);
}

bool IsValidId(std::string_view id) {
  if (id.empty()) return false;
  auto ok_first = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!ok_first(id[0])) return false;
  return std::all_of(id.begin(), id.end(),
                     [&](char c) { return ok_first(c) || c == '.' || c == '-' || c == '_'; });
}

Fields::Fields(FileContext& ctx, const Node& map, std::string_view what,
               std::span<const std::string_view> allowed, bool check_unknown)
    : ctx_(ctx), map_(map), what_(what) {
  if (!map.is_map()) {
    ctx_.Error(
        DiagCode::kWrongType, map.position,
        "expected a mapping for the " + what_ + ", found " + std::string(KindArticle(map.kind)));
    return;
  }
  if (!check_unknown) return;
  for (const auto& m : map.members) {
    if (std::find(allowed.begin(), allowed.end(), m.key) != allowed.end()) continue;
    ctx_.Error(DiagCode::kUnknownKey, m.key_position,
               "unknown key '" + m.key + "' in " + what_ + DidYouMean(m.key, allowed));
  }
}

Position Fields::KeyPosition(std::string_view key) const {
  for (const auto& m : map_.members)
    if (m.key == key) return m.key_position;
  return map_.position;
}

const Node* Fields::Require(std::string_view key) {
  if (!map_.is_map()) return nullptr;
  const Node* n = map_.Find(key);
  if (n == nullptr) {
    ctx_.Error(DiagCode::kMissingField, map_.position,
               "missing required key '" + std::string(key) + "' in " + what_);
  }
  return n;
}

std::optional<std::string> Fields::String(std::string_view key, bool required) {
  const Node* n = required ? Require(key) : Get(key);
  if (n == nullptr) return std::nullopt;
  if (n->kind != NodeKind::kString && n->kind != NodeKind::kNumber) {
    ctx_.Error(
        DiagCode::kWrongType, n->position,
        "'" + std::string(key) + "' must be a string, found " + std::string(KindArticle(n->kind)));
    return std::nullopt;
  }
  if (n->text.empty() && required) {
    ctx_.Error(DiagCode::kInvalidValue, n->position, "'" + std::string(key) + "' is empty");
    return std::nullopt;
  }
  return n->text;
}

std::optional<std::string> Fields::Id(std::string_view key, bool required) {
  auto id = String(key, required);
  if (!id) return id;
  if (!IsValidId(*id)) {
    ctx_.Error(DiagCode::kInvalidId, Get(key)->position,
               "invalid id '" + *id +
                   "': use lowercase letters, digits, '.', '-' and '_', starting with a letter or "
                   "digit");
    return std::nullopt;
  }
  return id;
}

std::optional<std::string> Fields::Date(std::string_view key, bool required) {
  auto date = String(key, required);
  if (!date) return date;
  const std::string& d = *date;
  bool shape = d.size() == 10;
  for (size_t i = 0; shape && i < d.size(); ++i)
    shape = i == 4 || i == 7 ? d[i] == '-' : std::isdigit(static_cast<unsigned char>(d[i])) != 0;
  if (shape) {
    int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)),
        day = std::stoi(d.substr(8, 2));
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    shape = m >= 1 && m <= 12 && day >= 1 && day <= kDays[m - 1] && !(m == 2 && day == 29 && !leap);
  }
  if (!shape) {
    ctx_.Error(DiagCode::kInvalidDate, Get(key)->position,
               "'" + std::string(key) + "' must be a date YYYY-MM-DD, found '" + d + "'");
    return std::nullopt;
  }
  return date;
}

LocalizedText Fields::Text(std::string_view key, bool required) {
  LocalizedText out;
  const Node* n = required ? Require(key) : Get(key);
  if (n == nullptr) return out;
  if (n->kind == NodeKind::kString) {
    ctx_.Error(DiagCode::kWrongType, n->position,
               "'" + std::string(key) +
                   "' must be a mapping with 'ja' and 'en', found a string; write " +
                   std::string(key) + ": {ja: ..., en: ...}");
    return out;
  }
  static constexpr std::string_view kLanguages[] = {"ja", "en"};
  Fields text(ctx_, *n, "'" + std::string(key) + "'", kLanguages);
  if (!text.is_map()) return out;
  out.ja = text.String("ja", false).value_or("");
  out.en = text.String("en", false).value_or("");
  if (out.ja.empty() != out.en.empty()) {
    ctx_.Warning(DiagCode::kMissingTranslation, n->position,
                 "'" + std::string(key) + "' has only " +
                     (out.ja.empty() ? "English" : "Japanese") + "; add '" +
                     (out.ja.empty() ? "ja" : "en") + "'");
  } else if (out.empty() && required) {
    ctx_.Error(DiagCode::kMissingField, n->position,
               "'" + std::string(key) + "' needs 'ja' and 'en' texts");
  }
  return out;
}

std::vector<std::string> Fields::StringList(std::string_view key) {
  std::vector<std::string> out;
  const Node* n = Get(key);
  if (n == nullptr) return out;
  if (n->kind != NodeKind::kList) {
    ctx_.Error(DiagCode::kWrongType, n->position,
               "'" + std::string(key) + "' must be a list of strings, found " +
                   std::string(KindArticle(n->kind)));
    return out;
  }
  for (const auto& item : n->items) {
    if (item.kind != NodeKind::kString) {
      ctx_.Error(DiagCode::kWrongType, item.position,
                 "'" + std::string(key) + "' items must be strings, found " +
                     std::string(KindArticle(item.kind)));
      continue;
    }
    out.push_back(item.text);
  }
  return out;
}

std::optional<std::string> Fields::Enum(std::string_view key,
                                        std::span<const std::string_view> allowed, bool required) {
  auto value = String(key, required);
  if (!value) return value;
  if (std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return value;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  ctx_.Error(DiagCode::kInvalidValue, Get(key)->position,
             "invalid " + std::string(key) + " '" + *value + "'; expected one of: " + list +
                 DidYouMean(*value, allowed));
  return std::nullopt;
}

}  // namespace checker::rules
