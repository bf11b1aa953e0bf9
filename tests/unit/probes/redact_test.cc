// Redaction of every field derived from a request or response (docs/probes.md).

#include "probes/redact.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "checker/probe.h"
#include "checker/source.h"

using namespace checker;

TEST_CASE("probe keys carry credentials only as digests, and stay stable and distinct") {
  HttpProbeSpec a;
  a.url = "https://127.0.0.1/p?access_token=S3CRET-a&page=2";
  a.headers = {{"Authorization", "Bearer S3CRET-1"},
               {"Cookie", "sid=S3CRET-2"},
               {"X-Api-Key", "S3CRET-3"},
               {"Accept", "text/html"}};
  HttpProbeSpec b = a;
  b.headers[0].second = "Bearer S3CRET-other";
  CHECK(a.Key().find("S3CRET") == std::string::npos);
  CHECK(a.Key().find("accept: text/html") != std::string::npos);
  CHECK(a.Key().find("page=2") != std::string::npos);
  CHECK(a.Key() == HttpProbeSpec(a).Key());
  CHECK(a.Key() != b.Key());
}

TEST_CASE("URLs lose user:password@ and credential-like parameters") {
  CHECK(RedactUrl("https://u:pw@h.example/x?code=abc&state=s#access_token=t&x=1") ==
        "https://[REDACTED]@h.example/x?code=[REDACTED]&state=s#access_token=[REDACTED]&x=1");
  CHECK(RedactUrl("/cb?id_token=abc;password=p") == "/cb?id_token=[REDACTED];password=[REDACTED]");
  CHECK(RedactUrl("GET /x?token=abc HTTP/1.1") == "GET /x?token=[REDACTED] HTTP/1.1");
  CHECK(RedactUrl("https://h.example/plain?q=1") == "https://h.example/plain?q=1");
}

TEST_CASE("response headers carrying credentials are masked, their evidence kept") {
  HttpObservation o;
  o.headers = {{"set-cookie", "S3CRET-nameless; Path=/"},
               {"set-cookie", "sid=S3CRET; Secure"},
               {"www-authenticate", "Negotiate S3CRET==, Basic realm=\"r\""},
               {"www-authenticate", "Digest realm=\"r\", nonce=\"S3CRET-n\", qop=\"auth\""},
               {"x-auth-token", "S3CRET-t"},
               {"location", "https://h/cb?code=S3CRET-c"},
               {"refresh", "0;URL=https://h/?token=S3CRET-r"},
               {"x-debug", "echo S3CRET-nameless"}};
  Redact(o, {});
  for (const auto& [name, value] : o.headers) {
    INFO(name << ": " << value);
    CHECK(value.find("S3CRET") == std::string::npos);
  }
  CHECK(o.headers[0].second == "[REDACTED]; Path=/");
  CHECK(o.headers[2].second == "Negotiate [REDACTED], Basic realm=\"r\"");
  CHECK(o.headers[3].second == "Digest realm=\"r\", nonce=\"[REDACTED]\", qop=\"auth\"");
}

TEST_CASE("a stored key changed by --redact is found again") {
  CHECK(probes::MatchesRedacted("GET https://h/x?ref=[REDACTED] | follow",
                                "GET https://h/x?ref=PATTERN-1 | follow"));
  CHECK_FALSE(probes::MatchesRedacted("GET https://h/x?ref=[REDACTED] | follow",
                                      "GET https://h/y?ref=PATTERN-1 | follow"));
  CHECK_FALSE(probes::MatchesRedacted("GET https://h/x", "GET https://h/x"));
}

TEST_CASE("credential digests in keys are keyed by the run; a replay finds them by shape") {
  HttpProbeSpec spec;
  spec.url = "https://h/x?access_token=tok";
  spec.headers = {{"Authorization", "Bearer abc"}};
  std::string key = spec.Key();
  CHECK(key == spec.Key());  // stable within the run
  CHECK(key.find(Sha256Hex("Bearer abc").substr(0, 12)) == std::string::npos);
  CHECK(key.find(Sha256Hex("tok").substr(0, 12)) == std::string::npos);
  // Evidence of another run: its digests differ, and each stands for any credential.
  std::string other =
      "GET https://h/x?access_token=[REDACTED:0123456789ab] | authorization: "
      "[REDACTED:ba9876543210]";
  CHECK(probes::MatchesRedacted(other, key));
  CHECK_FALSE(
      probes::MatchesRedacted("GET https://h/y?access_token=[REDACTED:0123456789ab] | "
                              "authorization: [REDACTED:ba9876543210]",
                              key));
  ProbeEvidence evidence;
  evidence.http[other].key = other;
  CHECK(FindObservation(evidence, spec) == &evidence.http[other]);
  // Two observations that differ only in their credentials: which one is this spec's is unknown.
  std::string second =
      "GET https://h/x?access_token=[REDACTED:0123456789ab] | authorization: "
      "[REDACTED:cccccccccccc]";
  evidence.http[second].key = second;
  size_t candidates = 0;
  CHECK(FindObservation(evidence, spec, &candidates) == nullptr);
  CHECK(candidates == 2);
}

TEST_CASE("an excerpt cut inside a secret keeps no prefix of it") {
  HttpObservation o;
  o.body = "line one\ntoken=tok_ABCDEFGH";  // the excerpt ends inside tok_ABCDEFGHIJKLMNOPQRST
  o.body_bytes = 5000;
  o.body_omitted = "no rule reads this body";
  ProbeOptions options;
  options.redact_patterns = {"tok_[A-Z]{20}"};
  Redact(o, options);
  CHECK(o.body == "line one\n");
  CHECK(std::find(o.redacted.begin(), o.redacted.end(), "body excerpt cut to whole lines") !=
        o.redacted.end());

  SECTION("a whole body is redacted, not cut") {
    HttpObservation whole;
    whole.body = "line one\ntoken=tok_ABCDEFGHIJKLMNOPQRST";
    whole.body_bytes = whole.body.size();
    Redact(whole, options);
    CHECK(whole.body == "line one\ntoken=[REDACTED]");
  }
  SECTION("without anything to redact an excerpt stays as received") {
    HttpObservation plain = o;
    plain.body = "line one\ntoken=tok_ABCDEFGH";
    plain.redacted.clear();
    Redact(plain, {});
    CHECK(plain.body == "line one\ntoken=tok_ABCDEFGH");
  }
}
