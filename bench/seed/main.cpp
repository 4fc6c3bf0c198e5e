// bench_seed: writes the benchmark dataset into an empty database and the tokens and
// ids a benchmark runner needs into a JSON file (bench/run reads it).
//   bench_seed --database URL --out seed.json [--scale N] [--orgs N]
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/runtime.hpp"
#include "document.hpp"
#include "seed.hpp"

namespace {

struct Arguments {
  bench_seed::Options seed;
  std::string database_url = "sqlite://data/interview.sqlite3";
  std::string out;
};

int fail(const std::string& message) {
  std::cerr << "bench-seed: " << message << "\n";
  return 1;
}

// Migrates the database and writes the dataset into it; its JSON document or the
// reason it could not.
domain::Result<std::string> write_dataset(const Arguments& args, std::int64_t& rows) {
  app::Config config;
  config.database_url = args.database_url;
  config.threads = 1;
  config.password_workers = 1;
  config.password_cost = auth::PasswordCost::kMin;
  auto rt = app::Runtime::open(config, true);
  if (!rt) return rt.take_error();
  auto conn = (*rt)->pool().acquire();
  auto seeded = bench_seed::seed(*conn, (*rt)->deps(), args.seed, std::cerr);
  if (!seeded) return seeded.take_error();
  rows = seeded->rows;
  return bench_seed::document(seeded->orgs, args.seed.scale, conn->dialect());
}

// Writes the document to a temporary file beside --out, renamed once complete so
// that a reader never sees half of it; the file is opened first, so that an
// unwritable place stops the command before it writes to the database.
int run(const Arguments& args) {
  const std::filesystem::path out(args.out);
  const std::filesystem::path temp = out.string() + ".tmp";
  std::ofstream file(temp, std::ios::binary | std::ios::trunc);
  if (!file) return fail("cannot write " + temp.string());
  auto discard = [&](int code) {
    file.close();
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return code;
  };
  std::int64_t rows = 0;
  domain::Result<std::string> doc = domain::Error::internal();
  try {
    doc = write_dataset(args, rows);
  } catch (const std::exception& e) {
    return discard(fail(std::string("failed: ") + e.what()));
  }
  if (!doc) {
    const auto& e = doc.error();
    return discard(fail(e.detail.empty() ? "invalid configuration" : e.detail));
  }
  file << *doc << "\n";
  file.close();
  if (!file) return discard(fail("cannot write " + temp.string()));
  std::error_code ec;
  std::filesystem::rename(temp, out, ec);
  if (ec) {
    return discard(
        fail("cannot rename " + temp.string() + " to " + out.string() + ": " + ec.message()));
  }
  std::printf("benchmark dataset written: %lld rows; tokens and ids in %s\n",
              static_cast<long long>(rows), out.string().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "bench_seed: write the benchmark dataset into an empty database and its tokens "
      "and ids to --out"};
  Arguments args;
  cli.add_option("--database", args.database_url,
                 "sqlite://PATH or postgresql://user:pass@host:port/db")
      ->envname("DATABASE_URL")
      ->capture_default_str();
  cli.add_option("--scale", args.seed.scale, "2,000 x SCALE candidates per organization")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cli.add_option("--orgs", args.seed.organizations, "organizations to create")
      ->check(CLI::Range(1, 50))
      ->capture_default_str();
  cli.add_option("--out", args.out, "JSON file for the benchmark runner (tokens, ids)")->required();
  CLI11_PARSE(cli, argc, argv);
  return run(args);
}
