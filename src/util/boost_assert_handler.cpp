// The sanitizer build checks Boost's assertions through this handler
// (BOOST_ENABLE_ASSERT_HANDLER, set by CMake with INTERVIEWD_SANITIZE): a failed one
// aborts, as assert() would, except the one assertion of Boost.Beast known to be wrong.
// Other builds define NDEBUG, which leaves Boost's assertions out, and compile nothing here.
#ifdef BOOST_ENABLE_ASSERT_HANDLER

#include <boost/assert.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

// Boost.Beast 1.81 (Debian 12) asserts `n >= 5` when a chunked body's last chunk
// ("0\r\n") was read and the next call brings a single byte more (4 in all); the code
// after it handles that case and asks for more. Boost 1.86 corrects the assertion
// (boostorg/beast#2861). Found by fuzz/http_request with input delivered a byte at a
// time; tests/unit/fuzz_findings_test.cpp keeps the case.
bool known_false(std::string_view expr, std::string_view file) {
  return expr == "n >= 5" && file.ends_with("boost/beast/http/impl/basic_parser.ipp");
}

}  // namespace

namespace boost {

void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  if (known_false(expr, file)) return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed.\n", file, line, function, expr);
  std::abort();
}

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file,
                          long line) {
  if (known_false(expr, file)) return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed: %s\n", file, line, function, expr, msg);
  std::abort();
}

}  // namespace boost

#endif
