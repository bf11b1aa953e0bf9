// The transparency log's folder: written, verified, extended; and every way a registry could
// bend its published history (rewrite, drop, reorder, re-sign, forge a head) is caught.

#include "checker/transparency_log.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "checker/source.h"

#include "support/test_support.h"

using namespace checker;

namespace {

Ed25519Key NewKey(const test::TempDir& dir, const std::string& name) {
  std::string path = (dir.path() / (name + ".pem")).string();
  REQUIRE(std::system(
              ("openssl genpkey -algorithm ed25519 -out " + path + " 2>/dev/null").c_str()) == 0);
  std::string error;
  auto key = Ed25519Key::ReadPrivate(path, &error);
  REQUIRE(key);
  return std::move(*key);
}

std::vector<std::string> Events(int from, int to) {
  std::vector<std::string> events;
  for (int i = from; i < to; ++i)
    events.push_back(R"({"certificate":"CERT-)" + std::to_string(i) + R"(","event":"issue"})");
  return events;
}

std::string Read(const std::filesystem::path& path) {
  std::string text, error;
  REQUIRE(ReadFile(path.string(), 1 << 30, &text, &error));
  return text;
}

void Write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

bool Mentions(const std::vector<std::string>& problems, const std::string& part) {
  for (const auto& p : problems)
    if (p.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a log verifies as written, and again after it is extended", "[transparency]") {
  test::TempDir dir;
  Ed25519Key key = NewKey(dir, "registry");
  const std::string log = (dir.path() / "log").string();
  auto events = Events(0, 5);
  REQUIRE(WriteTransparencyLog(log, events, "2026-11-01T00:00:00Z", key) == "");
  std::vector<std::string> read;
  CHECK(VerifyTransparencyLog(log, key, nullptr, &read).empty());
  CHECK(read == events);
  std::string error;
  auto first_head = TreeHeadFromJson(Read(dir.path() / "log" / "tree-head.json"), &error);
  REQUIRE(first_head);
  CHECK(first_head->tree_size == 5);

  auto more = Events(0, 12);
  REQUIRE(WriteTransparencyLog(log, more, "2026-11-02T00:00:00Z", key) == "");
  CHECK(VerifyTransparencyLog(log, key, &*first_head).empty());
  CHECK(std::filesystem::exists(dir.path() / "log" / "heads" / "5.json"));
  // A third head: consistency proofs from both earlier ones.
  REQUIRE(WriteTransparencyLog(log, Events(0, 13), "2026-11-03T00:00:00Z", key) == "");
  CHECK(VerifyTransparencyLog(log, key, &*first_head).empty());
  CHECK(std::filesystem::exists(dir.path() / "log" / "heads" / "12.json"));
}

TEST_CASE("the writer refuses to rewrite what it has published", "[transparency]") {
  test::TempDir dir;
  Ed25519Key key = NewKey(dir, "registry");
  const std::string log = (dir.path() / "log").string();
  REQUIRE(WriteTransparencyLog(log, Events(0, 4), "2026-11-01T00:00:00Z", key) == "");
  auto rewritten = Events(0, 6);
  rewritten[1] = R"({"certificate":"CERT-1","event":"revoke"})";
  CHECK(WriteTransparencyLog(log, rewritten, "2026-11-02T00:00:00Z", key).find("prefix") !=
        std::string::npos);
  CHECK(WriteTransparencyLog(log, Events(0, 3), "2026-11-02T00:00:00Z", key).find("prefix") !=
        std::string::npos);
}

TEST_CASE("a rewritten or dropped past event is caught against a head kept from before",
          "[transparency]") {
  test::TempDir dir;
  Ed25519Key key = NewKey(dir, "registry");
  const auto log_dir = dir.path() / "log";
  REQUIRE(WriteTransparencyLog(log_dir.string(), Events(0, 6), "2026-11-01T00:00:00Z", key) == "");
  std::string error;
  auto kept = TreeHeadFromJson(Read(log_dir / "tree-head.json"), &error);
  REQUIRE(kept);

  SECTION("rewritten: a registry that re-signs a whole new history with its own key") {
    auto history = Events(0, 9);
    history[2] = R"({"certificate":"CERT-2","event":"withdrawn"})";
    std::filesystem::remove_all(log_dir);
    REQUIRE(WriteTransparencyLog(log_dir.string(), history, "2026-11-05T00:00:00Z", key) == "");
    CHECK(VerifyTransparencyLog(log_dir.string(), key).empty());  // consistent in itself
    auto problems = VerifyTransparencyLog(log_dir.string(), key, &*kept);
    CHECK(Mentions(problems, "does not extend the tree head kept from before (size 6)"));
  }
  SECTION("dropped: one past event left out, the rest re-signed") {
    auto history = Events(0, 9);
    history.erase(history.begin() + 3);
    std::filesystem::remove_all(log_dir);
    REQUIRE(WriteTransparencyLog(log_dir.string(), history, "2026-11-05T00:00:00Z", key) == "");
    CHECK(Mentions(VerifyTransparencyLog(log_dir.string(), key, &*kept), "does not extend"));
  }
  SECTION("shrunk below the kept head") {
    std::filesystem::remove_all(log_dir);
    REQUIRE(WriteTransparencyLog(log_dir.string(), Events(0, 4), "2026-11-05T00:00:00Z", key) ==
            "");
    CHECK(Mentions(VerifyTransparencyLog(log_dir.string(), key, &*kept), "entries were dropped"));
  }
}

TEST_CASE("tampering with the published files is caught", "[transparency]") {
  test::TempDir dir;
  Ed25519Key key = NewKey(dir, "registry");
  Ed25519Key other = NewKey(dir, "other");
  const auto log_dir = dir.path() / "log";
  REQUIRE(WriteTransparencyLog(log_dir.string(), Events(0, 5), "2026-11-01T00:00:00Z", key) == "");
  REQUIRE(WriteTransparencyLog(log_dir.string(), Events(0, 8), "2026-11-02T00:00:00Z", key) == "");
  REQUIRE(VerifyTransparencyLog(log_dir.string(), key).empty());
  const std::string entries = Read(log_dir / "entries.jsonl");

  SECTION("an entry edited in place") {
    std::string edited = entries;
    edited.replace(edited.find("\"issue\""), 7, "\"xssue\"");
    Write(log_dir / "entries.jsonl", edited);
    CHECK(Mentions(VerifyTransparencyLog(log_dir.string(), key), "do not hash to the signed root"));
  }
  SECTION("two entries swapped") {
    size_t first_end = entries.find('\n') + 1;
    size_t second_end = entries.find('\n', first_end) + 1;
    std::string swapped = entries.substr(first_end, second_end - first_end) +
                          entries.substr(0, first_end) + entries.substr(second_end);
    Write(log_dir / "entries.jsonl", swapped);
    CHECK(Mentions(VerifyTransparencyLog(log_dir.string(), key), "do not hash to the signed root"));
  }
  SECTION("an entry respelled (same meaning, other bytes)") {
    std::string respelled = entries;
    respelled.replace(respelled.find("\"event\":"), 8, "\"event\" :");
    Write(log_dir / "entries.jsonl", respelled);
    CHECK(Mentions(VerifyTransparencyLog(log_dir.string(), key), "canonical JSON"));
  }
  SECTION("the head signed by another key") {
    auto forged = SignTreeHead(std::vector<std::string>{}, "2026-11-02T00:00:00Z", other);
    Write(log_dir / "tree-head.json", TreeHeadToJson(forged));
    CHECK(Mentions(VerifyTransparencyLog(log_dir.string(), key), "signed by another key"));
  }
  SECTION("the head's size edited, signature kept") {
    std::string head = Read(log_dir / "tree-head.json");
    head.replace(head.find("\"tree_size\": 8"), 14, "\"tree_size\": 7");
    Write(log_dir / "tree-head.json", head);
    CHECK(Mentions(VerifyTransparencyLog(log_dir.string(), key), "signature does not verify"));
  }
  SECTION("an inclusion proof altered") {
    std::string proofs = Read(log_dir / "proofs.json");
    size_t at = proofs.find("\"", proofs.find("[[") + 2) + 1;
    proofs[at] = proofs[at] == '0' ? '1' : '0';
    Write(log_dir / "proofs.json", proofs);
    CHECK(Mentions(VerifyTransparencyLog(log_dir.string(), key), "inclusion proof of entry 1"));
  }
  SECTION("a consistency proof dropped") {
    Write(log_dir / "consistency.json", R"({"tree_size":8,"from":{}})");
    CHECK(
        Mentions(VerifyTransparencyLog(log_dir.string(), key), "no valid proof from heads/5.json"));
  }
  SECTION("files that are not what they claim give problems, not crashes") {
    Write(log_dir / "tree-head.json", "[1,2");
    CHECK_FALSE(VerifyTransparencyLog(log_dir.string(), key).empty());
    Write(log_dir / "tree-head.json", R"({"log":"checker-transparency-log/v1","tree_size":-1})");
    CHECK_FALSE(VerifyTransparencyLog(log_dir.string(), key).empty());
    Write(log_dir / "entries.jsonl", "{\"a\":1}");  // no final line feed
    CHECK_FALSE(VerifyTransparencyLog(log_dir.string(), key).empty());
  }
}
