// Shards: a stable partition by vendor id that moves few vendors when the fleet or the shard
// count changes; the Kubernetes environment; the fleet index read back.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>

#include "checker/fleet.h"

using namespace checker;

namespace {

std::vector<std::string> Ids(size_t n, const std::string& prefix = "vendor-") {
  std::vector<std::string> ids;
  for (size_t i = 0; i < n; ++i) ids.push_back(prefix + std::to_string(i));
  return ids;
}

// Sets an environment variable for one scope.
struct EnvVar {
  std::string name;
  EnvVar(std::string n, const char* value) : name(std::move(n)) {
    if (value)
      ::setenv(name.c_str(), value, 1);
    else
      ::unsetenv(name.c_str());
  }
  ~EnvVar() { ::unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("shards partition a fleet: every vendor in exactly one, evenly") {
  auto ids = Ids(2000);
  for (uint32_t n : {1u, 2u, 3u, 4u, 7u, 16u}) {
    std::vector<size_t> sizes(n);
    for (const auto& id : ids) {
      uint32_t s = ShardOf(id, n);
      REQUIRE(s < n);
      CHECK(ShardOf(id, n) == s);  // the same answer every time
      ++sizes[s];
    }
    for (size_t size : sizes) {
      INFO("shards " << n << ", sizes " << size);
      CHECK(size > 2000 / n * 0.75);
      CHECK(size < 2000 / n * 1.25);
    }
  }
}

TEST_CASE("the partition is pinned: shards of one Job agree across checker versions") {
  // Rendezvous hashing over SHA-256(id, 0, shard) (computed independently with Python); a
  // change here would split a running Job's vendors differently between old and new pods.
  std::vector<uint32_t> seen;
  for (const auto& id : Ids(8)) seen.push_back(ShardOf(id, 4));
  CHECK(seen == std::vector<uint32_t>{1, 2, 1, 0, 0, 0, 3, 1});
}

TEST_CASE("adding vendors moves none; adding a shard moves about 1/(N+1)") {
  auto ids = Ids(3000);
  std::map<std::string, uint32_t> before;
  for (const auto& id : ids) before[id] = ShardOf(id, 4);
  auto more = Ids(50, "new-");
  for (const auto& id : more) CHECK(ShardOf(id, 4) < 4);
  for (const auto& id : ids) CHECK(ShardOf(id, 4) == before[id]);  // others unaffected
  size_t moved = 0;
  for (const auto& id : ids) {
    uint32_t after = ShardOf(id, 5);
    if (after != before[id]) {
      ++moved;
      CHECK(after == 4);  // a vendor only ever moves to the new shard
    }
  }
  double fraction = static_cast<double>(moved) / ids.size();
  INFO("moved " << fraction);
  CHECK(fraction > 0.15);
  CHECK(fraction < 0.25);  // hash mod N would move about 4/5
}

TEST_CASE("shards from I/N and from the Kubernetes environment") {
  std::string why;
  auto s = ParseShard("2/4", &why);
  REQUIRE(s);
  CHECK(s->index == 2);
  CHECK(s->count == 4);
  for (const char* bad : {"4/4", "-1/4", "1/0", "1", "a/b", "1/4/5", "", "1/", "/4", "0/10001"}) {
    INFO(bad);
    CHECK_FALSE(ParseShard(bad, &why));
    CHECK(!why.empty());
  }
  {
    EnvVar index("JOB_COMPLETION_INDEX", nullptr);
    why.clear();
    CHECK_FALSE(ShardFromEnvironment(&why));
    CHECK(why.empty());  // not in a Job: no shard, no error
  }
  {
    EnvVar index("JOB_COMPLETION_INDEX", "3");
    EnvVar count("CHECKER_SHARDS", nullptr);
    CHECK_FALSE(ShardFromEnvironment(&why));
    CHECK(why.find("CHECKER_SHARDS is not") != std::string::npos);
  }
  {
    EnvVar index("JOB_COMPLETION_INDEX", "3");
    EnvVar count("CHECKER_SHARDS", "4");
    auto env = ShardFromEnvironment(&why);
    REQUIRE(env);
    CHECK(env->index == 3);
    CHECK(env->count == 4);
  }
  {
    EnvVar index("JOB_COMPLETION_INDEX", "4");
    EnvVar count("CHECKER_SHARDS", "4");
    CHECK_FALSE(ShardFromEnvironment(&why));
    CHECK(why.find("JOB_COMPLETION_INDEX=4") != std::string::npos);
  }
}

TEST_CASE("the fleet index is read back field by field; a hostile one is refused") {
  FleetIndex index;
  index.tool_version = "0.1.0";
  index.fleet_file = "fleet.yaml";
  index.fleet_sha256 = "ab";
  index.generated_at = "2026-11-24T00:00:00Z";
  index.shard = ShardSpec{1, 4};
  FleetIndexEntry e;
  e.id = "acme";
  e.folder = "vendors/acme";
  e.status = "audited";
  e.decision = "conditional";
  e.grade = "B";
  e.score = 81.5;
  e.exit_code = 1;
  e.failing_rules = {"web.http.hsts"};
  e.inputs = {"m", "r", "v", "o"};
  e.inputs_sha256 = e.inputs.Combined();
  e.report_sha256 = "cd";
  index.vendors.push_back(e);
  FleetIndexEntry bad;
  bad.id = "ghost";
  bad.folder = "vendors/ghost";
  bad.status = "error";
  bad.errors = {"fleet.yaml:9:15: cannot read manifest"};
  index.vendors.push_back(bad);
  std::string error;
  auto back = FleetIndexFromJson(FleetIndexToJson(index), &error);
  REQUIRE(back);
  CHECK(FleetIndexToJson(*back) == FleetIndexToJson(index));
  CHECK(back->vendors[0].failing_rules == e.failing_rules);
  CHECK(back->vendors[0].inputs.rules_sha256 == "r");
  CHECK(back->vendors[1].errors == bad.errors);
  REQUIRE(back->shard);
  CHECK(back->shard->index == 1);
  CHECK(e.inputs_sha256 != VendorInputs{"m", "r", "v", "o2"}.Combined());

  std::string text = FleetIndexToJson(index);
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"\"vendors/acme\"", "\"vendors/../../etc\""},
           {"\"vendors/acme\"", "\"/etc\""},
           {"\"audited\"", "\"done\""},
           {"\"score\": 81.5", "\"score\": \"high\""},
           {"\"index\": 1", "\"index\": 9"},
           {"checker-fleet-index", "something-else"}}) {
    std::string hostile = text;
    hostile.replace(hostile.find(from), from.size(), to);
    INFO(to);
    CHECK_FALSE(FleetIndexFromJson(hostile, &error));
  }
  CHECK_FALSE(FleetIndexFromJson("{", &error));
}
