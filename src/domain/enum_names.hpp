// The two lookups every enumeration of the domain is built on: the word of a value
// and the value of a word. The words are what the contract and the database say;
// each enumeration lists them once, in the order of its values.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace domain {

template <class E, std::size_t N>
constexpr std::string_view name_of(const std::array<std::string_view, N>& names, E value) {
  return names[static_cast<std::size_t>(value)];
}

// nullopt for a word outside the list. Words read back from the database are kept in
// the list by its CHECK constraints, so their readers take `.value()`.
template <class E, std::size_t N>
constexpr std::optional<E> value_of(const std::array<std::string_view, N>& names,
                                    std::string_view word) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == word) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace domain
