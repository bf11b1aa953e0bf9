#include <catch2/catch.hpp>

#include "checker/http_facts.h"

using namespace checker;

TEST_CASE("Strict-Transport-Security") {
  auto h = ParseHsts("max-age=63072000; includeSubDomains; preload");
  CHECK(h.valid);
  CHECK(h.max_age == 63072000);
  CHECK(h.include_subdomains);
  CHECK(h.preload);
  h = ParseHsts("max-age=\"300\"");
  CHECK(h.valid);
  CHECK(h.max_age == 300);
  h = ParseHsts("includeSubDomains");
  CHECK(!h.valid);
  CHECK(h.problems == std::vector<std::string>{"no max-age"});
  h = ParseHsts("max-age=abc; max-age=5; foo");
  CHECK(!h.valid);
  CHECK(h.problems.size() == 3);
}

TEST_CASE("Content-Security-Policy") {
  auto c =
      ParseCsp("default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  CHECK(c.has_default_src);
  CHECK(c.has_frame_ancestors);
  CHECK(c.unsafe_inline);
  CHECK(!c.unsafe_eval);
  CHECK(!c.wildcard_source);
  c = ParseCsp("default-src * 'unsafe-eval'");
  CHECK(c.wildcard_source);
  CHECK(c.unsafe_eval);
  c = ParseCsp("img-src https:; object-src 'none'");
  CHECK(c.wildcard_source);
  CHECK(c.has_object_src_none);
  CHECK(!c.has_default_src);
  c = ParseCsp("Default-Src 'none', default-src *");  // the first occurrence counts
  CHECK(c.directives.at("default-src") == std::vector<std::string>{"'none'"});
}

TEST_CASE("Set-Cookie attributes and prefixes") {
  auto k = ParseSetCookie("__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Strict");
  CHECK(k.name == "__Host-sid");
  CHECK(k.secure);
  CHECK(k.http_only);
  CHECK(k.same_site == "strict");
  CHECK(k.host_prefix);
  CHECK(!k.prefix_violation);
  k = ParseSetCookie("__Host-x=1; Path=/; Secure; Domain=example.com");
  CHECK(k.prefix_violation);
  k = ParseSetCookie("__Secure-x=1");
  CHECK(k.prefix_violation);
  k = ParseSetCookie("sid=1; Max-Age=3600; samesite=Lax");
  CHECK(!k.secure);
  CHECK(k.persistent);
  CHECK(k.same_site == "lax");
  CHECK(!ParseSetCookie("garbage").valid);
  CHECK(!ParseSetCookie("").valid);
}

TEST_CASE("CORS facts") {
  HeaderList h = {{"access-control-allow-origin", "https://evil.example"},
                  {"access-control-allow-credentials", "true"}};
  auto c = EvaluateCors(h, "https://evil.example");
  CHECK(c.reflects_origin);
  CHECK(c.allow_credentials);
  CHECK(!c.wildcard);
  c = EvaluateCors(
      {{"access-control-allow-origin", "*"}, {"access-control-allow-credentials", "true"}}, "x");
  CHECK(c.wildcard_with_credentials);
  CHECK(EvaluateCors({{"access-control-allow-origin", "null"}}, "null").allows_null);
  CHECK(!EvaluateCors({}, "https://evil.example").reflects_origin);
}

TEST_CASE("version banners") {
  CHECK(HasVersionNumber("nginx/1.22.1"));
  CHECK(HasVersionNumber("PHP/8.1.2"));
  CHECK(HasVersionNumber("Apache/2.4.57 (Debian)"));
  CHECK(!HasVersionNumber("nginx"));
  CHECK(!HasVersionNumber("cloudflare"));
}

TEST_CASE("RFC 3339 dates") {
  CHECK(ParseRfc3339("1970-01-01T00:00:00Z") == 0);
  CHECK(ParseRfc3339("2027-12-31T23:00:00.000Z") == 1830294000);
  CHECK(ParseRfc3339("2000-01-01T09:00:00+09:00") == 946684800);
  CHECK(!ParseRfc3339("2027-12-31"));
  CHECK(!ParseRfc3339("2027-13-01T00:00:00Z"));
  CHECK(!ParseRfc3339("2027-12-31T23:00:00"));
}

TEST_CASE("security.txt per RFC 9116") {
  const int64_t now = 1800000000;  // 2027-01-15
  auto t = ParseSecurityTxt(
      "# comment\nContact: mailto:sec@example.com\nContact: https://example.com/report\n"
      "Expires: 2027-06-30T00:00:00Z\nCanonical: https://example.com/.well-known/security.txt\n",
      now);
  CHECK(t.valid);
  CHECK(t.contacts.size() == 2);
  CHECK(t.expires_in_future);
  CHECK(t.expires_within_year);
  t = ParseSecurityTxt("Contact: mailto:a@b\nExpires: 2020-01-01T00:00:00Z\n", now);
  CHECK(!t.valid);
  CHECK(!t.expires_in_future);
  t = ParseSecurityTxt("Expires: 2027-06-30T00:00:00Z\nExpires: 2027-07-30T00:00:00Z\n", now);
  CHECK(!t.valid);
  CHECK(t.problems ==
        std::vector<std::string>{"no Contact field (required)", "Expires appears more than once"});
  t = ParseSecurityTxt("Contact: mailto:a@b\nExpires: 2030-01-01T00:00:00Z\n", now);
  CHECK(t.valid);
  CHECK(!t.expires_within_year);
}
