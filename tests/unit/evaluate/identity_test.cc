// Dual control compares identities, not strings: every spelling below names the same person, and
// names mixing look-alike scripts are refused (issue: dual control bypassed by spelling).

#include "evaluate/identity.h"

#include <catch2/catch.hpp>

using checker::evaluate::ReadIdentity;
using checker::evaluate::SameIdentity;

TEST_CASE("spellings of one name are one identity") {
  const char* spellings[] = {
      "sato ichiro",
      "SATO ICHIRO",
      "Sato Ichiro ",                                             // trailing space
      "  Sato   Ichiro",                                          // leading and double spaces
      "\xEF\xBC\xB3\xEF\xBD\x81\xEF\xBD\x94\xEF\xBD\x8F Ichiro",  // fullwidth Ｓａｔｏ
      "Sato\xC2\xA0Ichiro",                                       // no-break space
      "Sato\xE3\x80\x80Ichiro",                                   // ideographic space
      "Sa\xE2\x80\x8Bto Ichiro",                                  // zero-width space inside a word
      "Sato\xE2\x80\x8B Ichiro\xEF\xBB\xBF",                      // zero-width space and BOM
      "Sato\tIchiro\n",
      "Sato Ichiro (Hinode)",
      "Sato Ichiro (Hinode Medical Systems) (CISO)",
      "Sato Ichiro\xEF\xBC\x88Hinode\xEF\xBC\x89",  // fullwidth parentheses
      "Sato, Ichiro",
      "Ichiro Sato",  // given name first
      "SatoIchiro",
  };
  for (const char* s : spellings) {
    INFO(s);
    CHECK(SameIdentity("Sato Ichiro", s));
  }
  CHECK(SameIdentity("佐藤 一郎", "佐藤一郎"));
  CHECK(SameIdentity("佐藤\xE3\x80\x80一郎", "佐藤一郎（日の出）"));
  CHECK(SameIdentity("Vendor K.K.", "vendor  k.k"));
  CHECK(SameIdentity("Vendor K.K.", "VENDOR KK"));
}

TEST_CASE("different people stay different") {
  CHECK_FALSE(SameIdentity("Sato Ichiro", "Sato Jiro"));
  CHECK_FALSE(SameIdentity("Sato Ichiro", "Kato Ichiro"));
  CHECK_FALSE(SameIdentity("Japan Health IT Certification Body", "Aozora Interop K.K."));
}

TEST_CASE("a name mixing Latin with Cyrillic or Greek look-alikes is refused") {
  std::string problem;
  CHECK_FALSE(ReadIdentity("Sat\xD0\xBE Ichiro", &problem));  // Cyrillic о
  CHECK(problem.find("mixes Latin and Cyrillic") != std::string::npos);
  CHECK_FALSE(ReadIdentity("S\xCE\xB1to Ichiro", &problem));  // Greek α
  CHECK(problem.find("Latin and Greek") != std::string::npos);
  CHECK_FALSE(SameIdentity("Sato Ichiro", "Sat\xD0\xBE Ichiro"));  // refused, never "different"
  // A name wholly in look-alike Cyrillic letters has the same confusable skeleton.
  CHECK(SameIdentity("Sasa", "\xD0\x85\xD0\xB0\xD1\x95\xD0\xB0"));  // Ѕаѕа
  // Japanese names mix Han, kana and Latin legitimately.
  CHECK(ReadIdentity("佐藤 一郎 (ひので) Ichiro", &problem));
}

TEST_CASE("a name that is empty once reduced, or not UTF-8, identifies no one") {
  std::string problem;
  CHECK_FALSE(ReadIdentity("\xE2\x80\x8B \xC2\xA0", &problem));
  CHECK(problem.find("empty") != std::string::npos);
  CHECK_FALSE(ReadIdentity("(Hinode)", &problem));
  CHECK_FALSE(ReadIdentity("Sato \xFF", &problem));
  CHECK(problem == "is not valid UTF-8");
}
