#include "http/request_ids.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace web {

RequestIds::RequestIds() {
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&state_), sizeof state_) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
}

std::string RequestIds::next() {
  // SplitMix64 (Steele, Lea, Flood 2014): a full-period sequence, well mixed.
  state_ += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, z >>= 4) out[static_cast<std::size_t>(i)] = kDigits[z & 0xf];
  return out;
}

}  // namespace web
