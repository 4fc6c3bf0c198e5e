// Timestamps and lookups of the benchmark dataset (dataset.hpp).
#include "dataset.hpp"

#include <chrono>

namespace bench_seed {

std::string at(std::int64_t seconds) {
  using namespace std::chrono;
  const year_month_day date{sys_days{year{2026} / January / 1} + days{seconds / kDay}};
  const auto rest = static_cast<unsigned>(seconds % kDay);
  char buf[20];
  auto put = [&buf](int pos, unsigned value, int width) {
    for (int k = width - 1; k >= 0; --k) {
      buf[pos + k] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, static_cast<unsigned>(static_cast<int>(date.year())), 4);
  buf[4] = '-';
  put(5, static_cast<unsigned>(date.month()), 2);
  buf[7] = '-';
  put(8, static_cast<unsigned>(date.day()), 2);
  buf[10] = 'T';
  put(11, rest / 3600, 2);
  buf[13] = ':';
  put(14, rest / 60 % 60, 2);
  buf[16] = ':';
  put(17, rest % 60, 2);
  buf[19] = 'Z';
  return std::string(buf, sizeof buf);
}

std::int64_t Org::text_question(std::int64_t set_id, int q) const {
  for (std::size_t s = 0; s < question_sets.size(); ++s) {
    if (question_sets[s] == set_id) return questions[s * kQuestionsPerSet + q];
  }
  return 0;
}

}  // namespace bench_seed
