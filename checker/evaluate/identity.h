#pragma once
// Who a name in a review file refers to. Dual control compares people and organisations, and a
// comparison of raw strings is bypassed by spelling (case, spaces, fullwidth letters, invisible
// characters, look-alike letters from other scripts, a parenthetical affiliation). docs/review.md
// lists the rules.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checker::evaluate {

/// A name reduced to the forms under which two spellings count as one identity.
struct Identity {
  std::string canonical;          // NFKC, case-folded, notes and punctuation dropped, one space
  std::vector<std::string> keys;  // canonical, its words sorted, words joined, look-alike skeleton
};

/// Reads a name. Returns nullopt and a sentence in `*problem` when the name cannot identify anyone:
/// not UTF-8, empty once reduced, or mixing Latin, Cyrillic and Greek letters (look-alikes).
std::optional<Identity> ReadIdentity(std::string_view name, std::string* problem);

/// True when two identities share a comparison form (the same person or organisation).
bool SameIdentity(const Identity& a, const Identity& b);

/// Convenience for two names; a name that cannot be read compares equal to nothing.
bool SameIdentity(std::string_view a, std::string_view b);

}  // namespace checker::evaluate
