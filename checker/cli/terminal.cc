#include "cli/terminal.h"

#include <cstdlib>
#include <unistd.h>

namespace checker::cli {

Terminal::Terminal(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  color_ = isatty(fileno(stream)) != 0 && (no_color == nullptr || *no_color == '\0');
}

std::string Terminal::Paint(std::string_view text, std::string_view ansi_code) const {
  if (!color_) return std::string(text);
  return "\033[" + std::string(ansi_code) + "m" + std::string(text) + "\033[0m";
}

std::string Terminal::Outcome(checker::Outcome o) const {
  std::string label(OutcomeName(o));
  label.resize(16, ' ');
  switch (o) {
    case checker::Outcome::kPass:
      return Paint(label, "32");
    case checker::Outcome::kFail:
    case checker::Outcome::kError:
      return Paint(label, "31;1");
    case checker::Outcome::kMissingEvidence:
      return Paint(label, "33");
    case checker::Outcome::kLegalReview:
    case checker::Outcome::kManual:
      return Paint(label, "36");
    default:
      return Paint(label, "2");
  }
}

}  // namespace checker::cli
