#pragma once
// Terminal output: colour only on a TTY and never when NO_COLOR is set.

#include <cstdio>
#include <string>
#include <string_view>

#include "checker/result.h"

namespace checker::cli {

class Terminal {
 public:
  explicit Terminal(std::FILE* stream);
  std::string Paint(std::string_view text, std::string_view ansi_code) const;
  std::string Outcome(checker::Outcome o) const;  // padded, coloured outcome label
  bool color() const { return color_; }

 private:
  bool color_;
};

}  // namespace checker::cli
