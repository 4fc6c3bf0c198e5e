// Messages the contract fixes word for word (DRF's), written once: validation in
// json/, services and api/ all take them from here.
#pragma once

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

// DRF's ChoiceField message; `shown` is the value as given.
inline std::string invalid_choice(std::string_view shown) {
  return "\"" + std::string(shown) + "\" is not a valid choice.";
}

}  // namespace domain::messages
