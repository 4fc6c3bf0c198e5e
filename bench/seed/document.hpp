// The JSON document a benchmark runner reads (bench/run): per organization its API
// tokens and samples of the ids each endpoint's requests name.
#pragma once

#include <string>
#include <vector>

#include "dataset.hpp"
#include "db/connection.hpp"

namespace bench_seed {

std::string document(const std::vector<Org>& orgs, int scale, db::Dialect dialect);

}  // namespace bench_seed
