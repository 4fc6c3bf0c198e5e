// The benchmark dataset of `interviewd bench-seed`: organizations full of jobs,
// candidates, modules, steps, feedback, screenings and answers, the same rows on
// every run (only the API tokens differ), and a JSON document of the tokens and
// ids a benchmark runner needs.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "services/deps.hpp"

namespace app {

struct BenchSeedOptions {
  int scale = 1;          // 2,000 x scale candidates and 10,000 x scale feedback per organization
  int organizations = 5;  // "Bench Org 1" ...
  std::string out;        // where the command writes the JSON document
};

struct BenchSeedResult {
  std::string json;  // the document for the benchmark runner
  std::int64_t rows = 0;
};

// Writes the dataset into `db`, which must be migrated and hold no organization
// yet (else a conflict error). Progress and timings go to `log`.
domain::Result<BenchSeedResult> seed_bench(db::Connection& db, const services::Deps& deps,
                                           const BenchSeedOptions& options, std::ostream& log);

}  // namespace app
