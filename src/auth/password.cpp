#include "auth/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace auth {

PasswordHasher::PasswordHasher(PasswordCost cost) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
  switch (cost) {
    case PasswordCost::kMin:
      ops_ = crypto_pwhash_OPSLIMIT_MIN;
      mem_ = crypto_pwhash_MEMLIMIT_MIN;
      break;
    case PasswordCost::kInteractive:
      ops_ = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      mem_ = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      break;
    case PasswordCost::kModerate:
      ops_ = crypto_pwhash_OPSLIMIT_MODERATE;
      mem_ = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
  }
}

std::string PasswordHasher::hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops_, mem_,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return out;
}

bool PasswordHasher::verify(std::string_view encoded, std::string_view password) const {
  std::string copy(encoded);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(copy.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::burn(std::string_view password) const {
  // Made on first use: hashing takes the cost's memory (64 MiB when interactive),
  // which a process that never sees a failed login need not spend.
  std::call_once(dummy_once_, [this] { dummy_ = hash("not a real password"); });
  (void)verify(dummy_, password);
}

}  // namespace auth
