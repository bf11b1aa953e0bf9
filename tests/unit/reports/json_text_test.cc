// The streamed JSON text is byte for byte what nlohmann's dump(2) writes of the same values, for
// hostile strings (control characters, quotes, invalid and truncated UTF-8, surrogates, overlong
// forms) as for ordinary ones: the report's bytes do not depend on how it was written.

#include "reports/json_text.h"

#include <catch2/catch.hpp>
#include <random>

using checker::reports::JsonText;
using Json = JsonText::Json;

namespace {

std::string Dumped(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace); }

const std::vector<std::string> kHostile = {"",
                                           "plain",
                                           "quote \" backslash \\ slash /",
                                           "\b\f\n\r\t\x01\x1f\x7f",
                                           "日本語 ✓ 🩺",
                                           "line\u2028separator\u2029",
                                           "\xff\xfe",
                                           "\xc3",
                                           "a\xe3\x81",
                                           "\xed\xa0\x80",      // surrogate
                                           "\xc0\xaf",          // overlong
                                           "\xf4\x90\x80\x80",  // > U+10FFFF
                                           "\xe0\x80\xaf",
                                           "\xf0\x8f\xbf\xbf",
                                           "ok\xe3\x81\x82",
                                           "</script><b>x</b>"};

}  // namespace

TEST_CASE("a streamed string is the one nlohmann dumps, hostile bytes included") {
  for (const auto& s : kHostile) {
    std::string mine;
    JsonText::AppendString(mine, s);
    CHECK(mine == Json(s).dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  // And random byte strings, biased towards the bytes UTF-8 and escaping care about.
  std::mt19937 random(20261126);
  const unsigned char interesting[] = {0x00, 0x09, 0x0a, 0x1f, 0x22, 0x5c, 0x7f, 0x80, 0xbf,
                                       0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff};
  int compared = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s(random() % 12, ' ');
    for (auto& c : s)
      c = static_cast<char>(random() % 2 ? interesting[random() % sizeof interesting]
                                         : random() % 256);
    std::string mine;
    JsonText::AppendString(mine, s);
    REQUIRE(mine == Json(s).dump(-1, ' ', false, Json::error_handler_t::replace));
    ++compared;
  }
  CHECK(compared == 20000);
}

TEST_CASE("streamed objects and arrays have nlohmann's layout, nested values dumped in place") {
  for (const auto& s : kHostile) {
    Json tree = Json::object();
    tree["name"] = s;
    tree["empty_list"] = Json::array();
    tree["empty_object"] = Json::object();
    tree["list"] = Json::array({s, s});
    tree["nested"] = Json{{"deep", Json{{"x", s}, {"n", 7}}}, {"flag", true}, {"none", nullptr}};
    tree["count"] = 42;

    std::string out;
    JsonText w(out);
    w.BeginObject();
    w.Key("name");
    w.String(s);
    w.Key("empty_list");
    w.BeginArray();
    w.EndArray();
    w.Key("empty_object");
    w.BeginObject();
    w.EndObject();
    w.Key("list");
    w.Strings({s, s});
    w.Key("nested");
    w.Value(tree["nested"]);
    w.Key("count");
    w.Uint(42);
    w.EndObject();
    CHECK(out == Dumped(tree));
  }
  // An array of objects, and a value dumped inside an array.
  Json list = Json::array({Json{{"a", false}}, Json::object(), Json{{"b", Json::array({1, 2})}}});
  std::string out;
  JsonText w(out);
  w.BeginArray();
  w.BeginObject();
  w.Key("a");
  w.Bool(false);
  w.EndObject();
  w.BeginObject();
  w.EndObject();
  w.Value(list[2]);
  w.EndArray();
  CHECK(out == Dumped(list));
}
