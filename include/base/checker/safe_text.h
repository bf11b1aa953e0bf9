#pragma once
// Vendor strings made safe for where they are shown. Manifests, endpoint responses and report files
// read back are hostile: a control character must not move a terminal's cursor or forge a line,
// and a character XML 1.0 forbids must not make a report unreadable (docs/hardening.md).

#include <string>
#include <string_view>

namespace checker {

/// For a terminal: every C0 control (line breaks and ESC included), DEL, C1 control, bidi
/// embedding/override/isolate control and invalid UTF-8 byte is spelt out (`\n`, `\x1b`,
/// `\u202e`), so that a value stays on its line and cannot colour, move or reorder anything.
/// Backslashes are left alone. `keep_tabs` keeps tab characters (source lines under a caret).
std::string TerminalSafe(std::string_view s, bool keep_tabs = false);
/// The same for multi-line text (a rule's description): line feeds and tabs are kept.
std::string TerminalSafeLines(std::string_view s);

/// For XML and HTML text: valid UTF-8 holding only characters XML 1.0 allows and that display
/// as themselves. C0 controls other than tab and line feed become their visible Control Pictures
/// (ESC -> U+241B), DEL -> U+2421; C1 controls, bidi controls, U+FFFE, U+FFFF, surrogates and
/// invalid UTF-8 bytes become U+FFFD. Markup is not escaped here: the writer's escaping follows.
std::string XmlSafe(std::string_view s);

/// Appends code point `cp` encoded as UTF-8.
void AppendUtf8(std::string& out, char32_t cp);

/// The length of the well-formed UTF-8 sequence at the start of `s` (shortest form, not a
/// surrogate, at most U+10FFFF), or 0 when `s` is empty or does not start with one.
size_t Utf8SequenceLength(std::string_view s);

}  // namespace checker
