#pragma once
// Byte encodings the records use: canonical base64 (signatures, binary evidence bodies) and
// lowercase hex (hashes).

#include <optional>
#include <string>
#include <string_view>

namespace checker {

/// Standard base64 with padding.
std::string Base64(std::string_view bytes);
/// The bytes of canonical base64 (as Base64 writes it); nullopt for anything else.
std::optional<std::string> FromBase64(std::string_view text);

/// Lowercase hex of bytes.
std::string ToHex(std::string_view bytes);
/// The bytes of lowercase hex; nullopt for an odd length or a character that is not 0-9 or a-f.
std::optional<std::string> FromHex(std::string_view hex);

}  // namespace checker
