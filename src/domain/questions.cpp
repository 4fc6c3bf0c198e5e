#include "domain/questions.hpp"

#include "domain/messages.hpp"

namespace domain {

bool is_choice_type(std::string_view type) {
  return type == "single_choice" || type == "multiple_choice";
}

std::optional<std::string> options_problem(std::string_view type,
                                           const std::vector<std::string>& options, bool given) {
  if (!is_choice_type(type)) {
    if (options.empty()) return std::nullopt;
    return "A \"" + std::string(type) + "\" question takes no options.";
  }
  if (options.empty() && !given) return "This field is required.";
  if (options.size() < kMinOptions) return messages::too_few_elements(kMinOptions);
  if (options.size() > kMaxOptions) return messages::too_many_elements(kMaxOptions);
  return std::nullopt;
}

}  // namespace domain
