// checker fleet merge: the outputs of a fleet's shards as one output, as if one run had audited
// every vendor: the vendors' folders copied (each committed as a whole), one fleet.json and one
// index.html.

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/fleet_output.h"
#include "cli/history_recording.h"
#include "cli/interrupt.h"

namespace checker::cli {

namespace {

namespace fs = std::filesystem;

constexpr OptionSpec kOptions[] = {
    {"out", "DIR", "folder for the merged output (default: fleet-out)"},
    {"history", "FILE",
     "merge the shards' history databases (each shard's --history) into this one"},
};

constexpr uint64_t kMaxFileBytes = uint64_t{1} << 30;

// Copies one vendor's folder (regular files only: a link planted in a shard's output is refused)
// and its record; "" or why not.
std::string CopyVendor(const fs::path& from_root, const std::string& folder,
                       const std::string& to_root) {
  fs::path from = from_root / folder;
  std::vector<OutputFile> files;
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec)) {
    OutputFile f{it->path().filename().string(), ""};
    std::string error;
    if (!ReadRegularFile(it->path().string(), kMaxFileBytes, &f.content, &error))
      return it->path().string() + ": " + error;
    names.push_back(f.name);
    files.push_back(std::move(f));
  }
  if (ec) return from.string() + ": " + ec.message();
  std::vector<std::string_view> replaceable(names.begin(), names.end());
  std::string error;
  auto r = ReplaceFolder(to_root + "/" + folder, files, replaceable, kFolderLockWait, &error);
  if (r == CommitResult::kInterrupted) return "interrupted";
  if (r == CommitResult::kFailed) return error;
  std::string record;
  if (!ReadRegularFile((from_root / (folder + ".fleet.json")).string(), 1u << 20, &record, &error))
    return error;
  if (!WriteFileAtomic(to_root + "/" + folder + ".fleet.json", record, &error)) return error;
  return "";
}

}  // namespace

int RunFleetMerge(std::span<const std::string> raw) {
  Args args;
  if (auto exit = StartCommand(
          "fleet merge", "SHARD_DIR... [--out DIR]",
          "Merges the outputs of a fleet's shards (each `checker fleet --shard I/N --out\n"
          "SHARD_DIR`) into DIR: every vendor's folder, one fleet.json and one index.html.\n"
          "Exit as checker fleet: 0, 1 when some vendor has findings, 2 when the shards are not\n"
          "of one fleet or overlap, 4 when DIR cannot be written, 5 when some vendors were not\n"
          "audited or a shard is missing.",
          kOptions, raw, &args))
    return *exit;
  if (args.positional.empty()) return UsageError("fleet merge", "name the shards' folders");
  std::string out = args.Get("out", "fleet-out");
  FleetIndex merged;
  merged.tool_version = std::string(Version());
  std::set<uint32_t> shards_seen;
  std::optional<uint32_t> shard_count;
  std::map<std::string, std::string> owner;  // vendor id -> shard folder
  std::vector<std::pair<fs::path, FleetIndexEntry>> vendors;
  std::vector<std::string> shard_dbs;
  for (const auto& dir : args.positional) {
    std::string text, error;
    std::string path = (fs::path(dir) / "fleet.json").string();
    auto index = ReadRegularFile(path, kMaxFileBytes, &text, &error)
                     ? FleetIndexFromJson(text, &error)
                     : std::nullopt;
    if (!index) return UsageError("fleet merge", TerminalSafe(path) + ": " + TerminalSafe(error));
    if (merged.fleet_sha256.empty()) {
      merged.fleet_sha256 = index->fleet_sha256;
      merged.fleet_file = index->fleet_file;
      merged.generated_at = index->generated_at;
    } else if (index->fleet_sha256 != merged.fleet_sha256) {
      return UsageError("fleet merge", TerminalSafe(path) +
                                           ": is the output of another fleet file (its hash "
                                           "differs from the first shard's)");
    }
    if (index->shard) {
      if (shard_count && *shard_count != index->shard->count)
        return UsageError("fleet merge",
                          TerminalSafe(path) + ": has " + std::to_string(index->shard->count) +
                              " shards, the first shard's fleet " + std::to_string(*shard_count));
      shard_count = index->shard->count;
      if (!shards_seen.insert(index->shard->index).second)
        return UsageError("fleet merge", TerminalSafe(path) + ": shard " +
                                             std::to_string(index->shard->index) +
                                             " is given twice");
    }
    merged.merged_from.push_back(dir);
    if (!index->history.empty()) {
      // The database as the shard named it, else beside its index (a volume mounted elsewhere).
      fs::path db = index->history;
      if (!fs::exists(db)) db = fs::path(dir) / db.filename();
      shard_dbs.push_back(db.string());
    }
    for (auto& v : index->vendors) {
      // A duplicate id in the fleet file is an error entry for each occurrence, in one shard;
      // an audited vendor in two shards means the shards are not of one partition.
      if (v.status != "audited") {
        vendors.emplace_back(fs::path(dir), std::move(v));
        continue;
      }
      if (auto [it, fresh] = owner.emplace(v.id, dir); !fresh)
        return UsageError("fleet merge", "vendor '" + TerminalSafe(v.id) + "' is in both " +
                                             TerminalSafe(it->second) + " and " +
                                             TerminalSafe(dir));
      vendors.emplace_back(fs::path(dir), std::move(v));
    }
  }
  bool missing_shard = false;
  for (uint32_t i = 0; shard_count && i < *shard_count; ++i)
    if (!shards_seen.count(i)) {
      std::fprintf(stderr,
                   "checker fleet merge: shard %u of %u is missing: its vendors are not "
                   "in the merged index\n",
                   i, *shard_count);
      missing_shard = true;
    }

  bool html = false;
  for (auto& [root, v] : vendors) {
    if (Interrupted()) break;
    if (v.status == "audited") {
      if (std::string why = CopyVendor(root, v.folder, out); !why.empty()) {
        std::fprintf(stderr, "checker fleet merge: cannot copy vendor '%s': %s\n",
                     TerminalSafe(v.id).c_str(), TerminalSafe(why).c_str());
        return Interrupted() ? InterruptExitCode() : kExitOutput;
      }
      html = html || fs::exists(fs::path(out) / v.folder / "report.html");
    }
    merged.vendors.push_back(std::move(v));
  }
  if (Interrupted()) {
    std::fprintf(stderr, "checker fleet merge: interrupted by %s; the index was not written\n",
                 InterruptName().c_str());
    return InterruptExitCode();
  }
  if (args.Has("history")) {
    std::string error;
    auto db = OpenHistory(args.Get("history"), /*create=*/true, &error);
    auto result = db ? db->Merge(shard_dbs, &error) : std::nullopt;
    if (!result) {
      std::fprintf(stderr, "checker fleet merge: %s\n", TerminalSafe(error).c_str());
      return kExitOutput;
    }
    merged.history = fs::absolute(args.Get("history")).string();
    std::printf("history: %zu shard database(s) merged into %s: %u audit(s) added\n",
                shard_dbs.size(), TerminalSafe(args.Get("history")).c_str(), result->audits_added);
  }
  if (int w = WriteFleetIndex(out, merged, html); w != kExitOk) return w;
  PrintFleetSummary(merged);
  std::printf("index: %s\n", TerminalSafe((fs::path(out) / "fleet.json").string()).c_str());
  int code = FleetExitCode(merged);
  return missing_shard ? kExitNotAudited : code;
}

}  // namespace checker::cli
