// Writes the benchmark dataset (dataset.hpp) through the product's repositories:
// organizations full of jobs, candidates, modules, steps, feedback, screenings and
// answers, the same rows on every run (only the API tokens differ).
#pragma once

#include <cstdint>
#include <ostream>
#include <vector>

#include "dataset.hpp"
#include "db/connection.hpp"
#include "domain/error.hpp"
#include "services/deps.hpp"

namespace bench_seed {

struct Options {
  int scale = 1;          // 2,000 x scale candidates and 10,000 x scale feedback per organization
  int organizations = 5;  // "Bench Org 1" ...
};

struct Seeded {
  std::vector<Org> orgs;  // what the JSON document reports
  std::int64_t rows = 0;  // rows inserted
};

// Writes the dataset into `db`, which must be migrated and hold no organization
// yet (else a conflict error). Progress and timings go to `log`.
domain::Result<Seeded> seed(db::Connection& db, const services::Deps& deps, const Options& options,
                            std::ostream& log);

}  // namespace bench_seed
