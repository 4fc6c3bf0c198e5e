#include "repos/attempts_repo.hpp"

namespace repos::attempts {

namespace {

constexpr const char* kColumns =
    "id, invitation_id, question_id, number, started_ms, think_seconds, time_limit_seconds, "
    "answer_id";

domain::Attempt from_row(const db::Row& r) {
  domain::Attempt a;
  a.id = r.int64(0);
  a.invitation_id = r.int64(1);
  a.question_id = r.int64(2);
  a.number = r.int64(3);
  a.started_ms = r.int64(4);
  a.think_seconds = r.opt_int64(5);
  a.time_limit_seconds = r.opt_int64(6);
  a.answer_id = r.opt_int64(7);
  return a;
}

}  // namespace

std::optional<std::int64_t> insert(db::Connection& c, const NewAttempt& a, const std::string& now) {
  const db::Params values{a.org_id,
                          a.invitation_id,
                          a.question_id,
                          a.number,
                          a.started_ms,
                          db::nullable(a.think_seconds),
                          db::nullable(a.time_limit_seconds),
                          now};
  return db::scalar_int(c,
                        "INSERT INTO invitation_attempts (org_id, invitation_id, question_id, "
                        "number, started_ms, think_seconds, time_limit_seconds, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (invitation_id, question_id, number) DO NOTHING RETURNING id",
                        values);
}

std::optional<domain::Attempt> find(db::Connection& c, std::int64_t invitation_id,
                                    std::int64_t id) {
  const db::Params where{id, invitation_id};
  auto rows = c.query(std::string("SELECT ") + kColumns +
                          " FROM invitation_attempts WHERE id = ? AND invitation_id = ?",
                      where);
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

std::int64_t count(db::Connection& c, std::int64_t invitation_id, std::int64_t question_id) {
  const db::Params where{invitation_id, question_id};
  return db::scalar_int(c,
                        "SELECT COUNT(*) FROM invitation_attempts "
                        "WHERE invitation_id = ? AND question_id = ?",
                        where)
      .value_or(0);
}

std::map<std::int64_t, std::int64_t> counts(db::Connection& c, std::int64_t invitation_id) {
  const db::Params where{invitation_id};
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& r : c.query("SELECT question_id, COUNT(*) FROM invitation_attempts "
                               "WHERE invitation_id = ? GROUP BY question_id",
                               where)) {
    out[r.int64(0)] = r.int64(1);
  }
  return out;
}

void set_answer(db::Connection& c, std::int64_t id, std::int64_t answer_id) {
  const db::Params values{answer_id, id};
  c.execute("UPDATE invitation_attempts SET answer_id = ? WHERE id = ?", values);
}

}  // namespace repos::attempts
