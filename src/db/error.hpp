// Failures of the database itself (not domain outcomes): the server is gone,
// a constraint the code did not expect, a bug in SQL. They become 500 or 503.
#pragma once

#include <stdexcept>
#include <string>

namespace db {

enum class ErrorKind {
  kUnavailable,        // cannot reach or open the database
  kUniqueViolation,    // a unique constraint refused the write
  kForeignKeyViolation,
  kSerialization,      // lock timeout / deadlock / serialization failure: retryable
  kOther,
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace db
