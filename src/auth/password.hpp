// Password hashing with argon2id (libsodium). The cost is configurable so that
// tests can use the minimum; production keeps libsodium's interactive setting.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

namespace auth {

enum class PasswordCost { kMin, kInteractive, kModerate };

class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordCost cost);
  std::string hash(std::string_view password) const;
  bool verify(std::string_view encoded, std::string_view password) const;
  // Spends the time of a verification, so that unknown emails answer as slowly as known ones.
  void burn(std::string_view password) const;

 private:
  unsigned long long ops_;
  std::size_t mem_;
  mutable std::once_flag dummy_once_;
  mutable std::string dummy_;  // a hash to verify against when there is no user
};

}  // namespace auth
