#pragma once
// Helpers shared by the fuzz targets: every target is a plain function of bytes, built either
// for libFuzzer (CHECKER_FUZZ) or with replay_main.cc to re-run corpora and regressions in ctest.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace checker::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Splits at the first occurrence of `separator`: (before, after). No separator: (text, "").
inline std::pair<std::string_view, std::string_view> SplitOnce(std::string_view text,
                                                               std::string_view separator) {
  size_t at = text.find(separator);
  if (at == std::string_view::npos) return {text, {}};
  return {text.substr(0, at), text.substr(at + separator.size())};
}

}  // namespace checker::fuzz
