// Messages the contract fixes word for word (DRF's), written once: validation in
// json/, services and api/ all take them from here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace domain::messages {

inline constexpr std::string_view kRequired = "This field is required.";
inline constexpr std::string_view kNull = "This field may not be null.";
inline constexpr std::string_view kBlank = "This field may not be blank.";
inline constexpr std::string_view kNotAString = "Not a valid string.";
inline constexpr std::string_view kNulCharacters = "Null characters are not allowed.";

// DRF's PrimaryKeyRelatedField message for an id that names no object.
inline std::string invalid_pk(std::string_view shown) {
  return "Invalid pk \"" + std::string(shown) + "\" - object does not exist.";
}
inline std::string invalid_pk(std::int64_t id) {
  return invalid_pk(std::to_string(id));
}

// DRF's ListField messages: an empty list where one is not allowed, and the bounds of
// its length.
inline constexpr std::string_view kEmptyList = "This list may not be empty.";
inline std::string too_few_elements(std::size_t min) {
  return "Ensure this field has at least " + std::to_string(min) + " elements.";
}
inline std::string too_many_elements(std::size_t max) {
  return "Ensure this field has no more than " + std::to_string(max) + " elements.";
}

// DRF's ChoiceField message; `shown` is the value as given.
inline std::string invalid_choice(std::string_view shown) {
  return "\"" + std::string(shown) + "\" is not a valid choice.";
}

}  // namespace domain::messages
