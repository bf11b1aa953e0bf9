// fleet.json: the index of a fleet run (or of shards merged), one entry per vendor.

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "checker/fleet.h"

namespace checker {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kFormat = "checker-fleet-index";

Json InputsJson(const VendorInputs& in) {
  return Json{{"manifest_sha256", in.manifest_sha256},
              {"rules_sha256", in.rules_sha256},
              {"review_sha256", in.review_sha256},
              {"options_sha256", in.options_sha256}};
}

// Reads a member of the expected type; throws (caught below) when it has another.
std::string Str(const Json& j, const char* key) {
  if (!j.contains(key)) return "";
  if (!j.at(key).is_string())
    throw std::runtime_error(std::string("'") + key + "' is not a string");
  return j.at(key).get<std::string>();
}
std::vector<std::string> Strs(const Json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key)) return out;
  if (!j.at(key).is_array()) throw std::runtime_error(std::string("'") + key + "' is not a list");
  for (const auto& s : j.at(key)) {
    if (!s.is_string()) throw std::runtime_error(std::string("'") + key + "' holds a non-string");
    out.push_back(s.get<std::string>());
  }
  return out;
}

}  // namespace

std::string FleetIndexToJson(const FleetIndex& index) {
  Json vendors = Json::array();
  for (const auto& v : index.vendors) {
    Json e{{"id", v.id}, {"folder", v.folder}, {"status", v.status}};
    if (v.status == "audited") {
      e["report"] = v.folder + "/report.json";
      e["service_name"] = v.service_name;
      e["profile"] = v.profile;
      e["decision"] = v.decision;
      e["grade"] = v.grade;
      e["score"] = v.score;
      e["exit_code"] = v.exit_code;
      e["failing_rules"] = v.failing_rules;
      e["outcome_counts"] = v.outcome_counts;
      e["report_sha256"] = v.report_sha256;
    }
    if (!v.inputs_sha256.empty()) {
      e["inputs_sha256"] = v.inputs_sha256;
      e["inputs"] = InputsJson(v.inputs);
    }
    if (!v.errors.empty()) e["errors"] = v.errors;
    vendors.push_back(std::move(e));
  }
  Json j{{"format", kFormat},
         {"version", 1},
         {"tool_version", index.tool_version},
         {"fleet_file", index.fleet_file},
         {"fleet_sha256", index.fleet_sha256},
         {"generated_at", index.generated_at}};
  if (index.shard) j["shard"] = Json{{"index", index.shard->index}, {"count", index.shard->count}};
  if (!index.merged_from.empty()) j["merged_from"] = index.merged_from;
  if (!index.history.empty()) j["history"] = index.history;
  j["vendors"] = std::move(vendors);
  return j.dump(2) + "\n";
}

std::optional<FleetIndex> FleetIndexFromJson(std::string_view text, std::string* error) {
  try {
    Json j = Json::parse(text);
    if (!j.is_object() || !j.contains("format") || j.at("format") != kFormat) {
      *error = "not a checker fleet index (format is not \"checker-fleet-index\")";
      return std::nullopt;
    }
    if (!j.contains("version") || j.at("version") != 1) {
      *error = "fleet index version is not 1";
      return std::nullopt;
    }
    FleetIndex index;
    index.tool_version = Str(j, "tool_version");
    index.fleet_file = Str(j, "fleet_file");
    index.fleet_sha256 = Str(j, "fleet_sha256");
    index.generated_at = Str(j, "generated_at");
    index.merged_from = Strs(j, "merged_from");
    index.history = Str(j, "history");
    if (j.contains("shard")) {
      const Json& s = j.at("shard");
      if (!s.is_object() || !s.contains("index") || !s.contains("count") ||
          !s.at("index").is_number_unsigned() || !s.at("count").is_number_unsigned())
        throw std::runtime_error("'shard' is not {index, count}");
      index.shard = ShardSpec{s.at("index").get<uint32_t>(), s.at("count").get<uint32_t>()};
      if (index.shard->count == 0 || index.shard->index >= index.shard->count)
        throw std::runtime_error("'shard' index is not below its count");
    }
    if (!j.contains("vendors") || !j.at("vendors").is_array())
      throw std::runtime_error("'vendors' is not a list");
    for (const auto& e : j.at("vendors")) {
      if (!e.is_object()) throw std::runtime_error("a vendor entry is not an object");
      FleetIndexEntry v;
      v.id = Str(e, "id");
      v.folder = Str(e, "folder");
      v.status = Str(e, "status");
      if (v.status != "audited" && v.status != "error" && v.status != "not_run")
        throw std::runtime_error("vendor '" + v.id + "' has an unknown status");
      v.service_name = Str(e, "service_name");
      v.profile = Str(e, "profile");
      v.decision = Str(e, "decision");
      v.grade = Str(e, "grade");
      if (e.contains("score")) {
        if (!e.at("score").is_number()) throw std::runtime_error("'score' is not a number");
        v.score = e.at("score").get<double>();
      }
      if (e.contains("exit_code")) {
        if (!e.at("exit_code").is_number_integer())
          throw std::runtime_error("'exit_code' is not a whole number");
        v.exit_code = e.at("exit_code").get<int>();
      }
      v.failing_rules = Strs(e, "failing_rules");
      if (e.contains("outcome_counts")) {
        const Json& counts = e.at("outcome_counts");
        if (!counts.is_object()) throw std::runtime_error("'outcome_counts' is not an object");
        for (const auto& [name, n] : counts.items()) {
          if (!n.is_number_unsigned() || n.get<uint64_t>() > UINT32_MAX)
            throw std::runtime_error("'outcome_counts' holds a count that is not a whole number");
          v.outcome_counts[name] = n.get<uint32_t>();
        }
      }
      v.report_sha256 = Str(e, "report_sha256");
      v.inputs_sha256 = Str(e, "inputs_sha256");
      if (e.contains("inputs")) {
        const Json& in = e.at("inputs");
        if (!in.is_object()) throw std::runtime_error("'inputs' is not an object");
        v.inputs = {Str(in, "manifest_sha256"), Str(in, "rules_sha256"), Str(in, "review_sha256"),
                    Str(in, "options_sha256")};
      }
      v.errors = Strs(e, "errors");
      // The folder is joined to the index's own folder by whoever reads it: it must stay inside.
      if (v.status == "audited" &&
          (v.folder.rfind("vendors/", 0) != 0 || v.folder.find("..") != std::string::npos ||
           v.folder.find('/', 8) != std::string::npos || v.folder.size() <= 8))
        throw std::runtime_error("vendor '" + v.id + "' has a folder outside vendors/");
      index.vendors.push_back(std::move(v));
    }
    return index;
  } catch (const std::exception& e) {
    *error = e.what();
    return std::nullopt;
  }
}

}  // namespace checker
