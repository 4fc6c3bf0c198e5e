// Request ids: 16 hex digits, unique in practice, cheap to make. They trace a
// request through the logs and need no secrecy, so each connection draws them from
// its own generator (SplitMix64, seeded once from the OS's randomness) instead of
// asking the CSPRNG per request.
#pragma once

#include <cstdint>
#include <string>

namespace web {

class RequestIds {
 public:
  RequestIds();  // seeded from the CSPRNG
  explicit RequestIds(std::uint64_t seed) : state_(seed) {}
  std::string next();

 private:
  std::uint64_t state_;
};

}  // namespace web
