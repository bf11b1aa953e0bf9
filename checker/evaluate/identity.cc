#include "evaluate/identity.h"

#include <algorithm>
#include <memory>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

namespace checker::evaluate {

namespace {

struct SpoofCloser {
  void operator()(USpoofChecker* checker) const { uspoof_close(checker); }
};

// The confusable-skeleton checker is immutable once opened, so one instance serves every thread.
const USpoofChecker* SpoofChecker() {
  static const std::unique_ptr<USpoofChecker, SpoofCloser> checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<USpoofChecker, SpoofCloser> opened(uspoof_open(&status));
    if (U_FAILURE(status)) opened.reset();
    return opened;
  }();
  return checker.get();
}

// Drops trailing parenthetical notes: `Sato Ichiro (Hinode) (CISO)` is `Sato Ichiro`.
icu::UnicodeString StripParentheticalSuffixes(icu::UnicodeString s) {
  for (;;) {
    s.trim();
    if (s.isEmpty() || s.charAt(s.length() - 1) != u')') return s;
    int32_t depth = 0;
    int32_t open = -1;
    for (int32_t i = s.length() - 1; i >= 0; --i) {
      if (s.charAt(i) == u')') ++depth;
      if (s.charAt(i) == u'(' && --depth == 0) {
        open = i;
        break;
      }
    }
    if (open < 0) return s;  // unbalanced: leave it, punctuation is dropped later
    s.truncate(open);
  }
}

// Words of the name: letters, marks and digits; everything else (spaces of every kind,
// punctuation, symbols) separates words. Invisible format characters were removed by NFKC_CF.
std::vector<std::string> Words(const icu::UnicodeString& s) {
  std::vector<std::string> words;
  icu::UnicodeString word;
  auto flush = [&] {
    if (word.isEmpty()) return;
    std::string utf8;
    word.toUTF8String(utf8);
    words.push_back(std::move(utf8));
    word.remove();
  };
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    int8_t type = u_charType(c);
    bool part_of_word = u_isalnum(c) || type == U_NON_SPACING_MARK ||
                        type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
    if (part_of_word && !u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      word.append(c);
    } else {
      flush();
    }
  }
  flush();
  return words;
}

// Latin, Cyrillic and Greek share look-alike letters (a, о, е, р, с, ο, ν ...): a name that mixes
// them is either a typing accident or an attempt to pass as someone else.
std::optional<std::string> MixedLookAlikeScripts(const icu::UnicodeString& s) {
  bool latin = false, cyrillic = false, greek = false;
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status)) continue;
    latin |= script == USCRIPT_LATIN;
    cyrillic |= script == USCRIPT_CYRILLIC;
    greek |= script == USCRIPT_GREEK;
  }
  if (latin + cyrillic + greek < 2) return std::nullopt;
  std::string mixed = latin ? "Latin" : "";
  if (cyrillic) mixed += std::string(mixed.empty() ? "" : " and ") + "Cyrillic";
  if (greek) mixed += std::string(mixed.empty() ? "" : " and ") + "Greek";
  return mixed;
}

std::string Join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += separator;
    out += w;
  }
  return out;
}

}  // namespace

std::optional<Identity> ReadIdentity(std::string_view name, std::string* problem) {
  icu::UnicodeString raw = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  if (raw.indexOf(static_cast<UChar32>(0xFFFD)) >= 0) {
    *problem = "is not valid UTF-8";
    return std::nullopt;
  }
  UErrorCode status = U_ZERO_ERROR;
  // NFKC with case folding: fullwidth letters, compatibility forms (NBSP, ideographic space) and
  // case all reduce to one form, and default-ignorable characters (zero-width space and joiners,
  // soft hyphen, BOM) disappear.
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) {
    *problem = "cannot be normalised (" + std::string(u_errorName(status)) + ")";
    return std::nullopt;
  }
  icu::UnicodeString folded = nfkc_cf->normalize(raw, status);
  if (U_FAILURE(status)) {
    *problem = "cannot be normalised (" + std::string(u_errorName(status)) + ")";
    return std::nullopt;
  }
  if (auto mixed = MixedLookAlikeScripts(folded)) {
    *problem = "mixes " + *mixed +
               " letters, which look alike; write the name in one script so that it identifies "
               "one person";
    return std::nullopt;
  }
  std::vector<std::string> words = Words(StripParentheticalSuffixes(folded));
  if (words.empty()) {
    *problem = "is empty once spaces, invisible characters and parenthetical notes are removed";
    return std::nullopt;
  }
  Identity id;
  id.canonical = Join(words, " ");
  id.keys.push_back(id.canonical);
  std::vector<std::string> sorted = words;  // `Sato Ichiro` is `Ichiro Sato`
  std::sort(sorted.begin(), sorted.end());
  id.keys.push_back(Join(sorted, " "));
  std::string joined = Join(words, "");  // `佐藤 一郎` is `佐藤一郎`
  id.keys.push_back(joined);
  if (const USpoofChecker* checker = SpoofChecker()) {
    // A name written wholly in look-alike letters of another script has the same skeleton.
    icu::UnicodeString skeleton;
    UErrorCode skeleton_status = U_ZERO_ERROR;
    uspoof_getSkeletonUnicodeString(checker, 0, icu::UnicodeString::fromUTF8(joined), skeleton,
                                    &skeleton_status);
    if (U_SUCCESS(skeleton_status)) {
      std::string utf8;
      skeleton.toUTF8String(utf8);
      id.keys.push_back("skeleton:" + utf8);
    }
  }
  return id;
}

bool SameIdentity(const Identity& a, const Identity& b) {
  for (const auto& key : a.keys)
    if (std::find(b.keys.begin(), b.keys.end(), key) != b.keys.end()) return true;
  return false;
}

bool SameIdentity(std::string_view a, std::string_view b) {
  std::string problem;
  auto x = ReadIdentity(a, &problem);
  auto y = ReadIdentity(b, &problem);
  return x && y && SameIdentity(*x, *y);
}

}  // namespace checker::evaluate
