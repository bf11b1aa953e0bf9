#include "checker/safe_text.h"

#include <catch2/catch.hpp>

using namespace checker;

TEST_CASE("TerminalSafe spells out every character that could act on a terminal") {
  CHECK(TerminalSafe("plain 日本語 text") == "plain 日本語 text");
  CHECK(TerminalSafe("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(TerminalSafe("a\tb", /*keep_tabs=*/true) == "a\tb");
  CHECK(TerminalSafe("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(TerminalSafe(std::string("\x00\x07\x7f", 3)) == "\\x00\\x07\\x7f");
  CHECK(TerminalSafe("\xc2\x9b"
                     "31m") == "\\u009b31m");  // C1 CSI
  CHECK(TerminalSafe("\xe2\x80\xae"
                     "abc") == "\\u202eabc");                // right-to-left override
  CHECK(TerminalSafe("\xff\xc3(") == "\\xff\\xc3(");         // invalid UTF-8
  CHECK(TerminalSafe("\xed\xa0\x80") == "\\ud800");          // a surrogate
  CHECK(TerminalSafe("\xe0\x80\x80") == "\\xe0\\x80\\x80");  // overlong
  CHECK(TerminalSafeLines("one\ntwo\x1b") == "one\ntwo\\x1b");
}

TEST_CASE("XmlSafe leaves only characters XML 1.0 allows, visibly") {
  CHECK(XmlSafe("plain <b> & 日本語\n\t") == "plain <b> & 日本語\n\t");  // markup is the writer's
  CHECK(XmlSafe("\x1b[2J") == "\xe2\x90\x9b[2J");                        // ␛
  CHECK(XmlSafe("\r") == "\xe2\x90\x8d");                                // ␍
  CHECK(XmlSafe(std::string("\x00", 1)) == "\xe2\x90\x80");              // ␀
  CHECK(XmlSafe("\x7f") == "\xe2\x90\xa1");                              // ␡
  const std::string replacement = "\xef\xbf\xbd";
  CHECK(XmlSafe("\xef\xbf\xbe") == replacement);  // U+FFFE
  CHECK(XmlSafe("\xef\xbf\xbf") == replacement);  // U+FFFF
  CHECK(XmlSafe("\xed\xb0\x80") == replacement);  // a lone surrogate
  CHECK(XmlSafe("\xc2\x85") == replacement);      // C1 NEL
  CHECK(XmlSafe("\xe2\x81\xa6") == replacement);  // left-to-right isolate
  CHECK(XmlSafe("a\xff"
                "b") == "a" + replacement + "b");
  CHECK(XmlSafe("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");  // outside the BMP: kept
}

TEST_CASE("Utf8SequenceLength accepts only well-formed, shortest-form sequences") {
  CHECK(Utf8SequenceLength("a") == 1);
  CHECK(Utf8SequenceLength(std::string_view("\0", 1)) == 1);
  CHECK(Utf8SequenceLength("\xC3\xA9x") == 2);         // é
  CHECK(Utf8SequenceLength("\xE3\x81\x82") == 3);      // あ
  CHECK(Utf8SequenceLength("\xF0\x9F\x98\x80") == 4);  // U+1F600
  CHECK(Utf8SequenceLength("") == 0);
  CHECK(Utf8SequenceLength("\x80") == 0);              // continuation byte first
  CHECK(Utf8SequenceLength("\xC0\xAF") == 0);          // overlong '/'
  CHECK(Utf8SequenceLength("\xE0\x80\xAF") == 0);      // overlong
  CHECK(Utf8SequenceLength("\xED\xA0\x80") == 0);      // surrogate U+D800
  CHECK(Utf8SequenceLength("\xF4\x90\x80\x80") == 0);  // beyond U+10FFFF
  CHECK(Utf8SequenceLength("\xE3\x81") == 0);          // cut short
  CHECK(Utf8SequenceLength("\xFF") == 0);
}
