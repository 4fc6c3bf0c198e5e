#include "repos/steps_repo.hpp"

#include "repos/filters.hpp"
#include "repos/page_query.hpp"

namespace repos::steps {

namespace {

constexpr std::string_view kStepColumns[] = {"org_id",
                                             "module_id",
                                             "job_id",
                                             "candidate_id",
                                             "service_id",
                                             "position",
                                             "status",
                                             "started_at",
                                             "completed_at",
                                             "created_at",
                                             "updated_at",
                                             "updated_by",
                                             "shortlisting_step_id"};
constexpr InsertShape kStepInsert{
    "interview_steps", kStepColumns,
    "ON CONFLICT (module_id, job_id, candidate_id, service_id) DO NOTHING RETURNING id"};

db::Params step_values(const NewStep& s, std::int64_t by, const std::string& now) {
  return {s.org_id,
          s.module_id,
          s.job_id,
          s.candidate_id,
          s.service_id,
          s.order,
          std::string(domain::to_string(s.status)),
          domain::sets_started_at(s.status) ? db::Value{now} : db::Value{nullptr},
          domain::sets_completed_at(s.status) ? db::Value{now} : db::Value{nullptr},
          now,
          now,
          by,
          db::nullable(s.shortlisting_step_id)};
}

constexpr std::string_view kChangeColumns[] = {"org_id",    "step_id",    "from_status",
                                               "to_status", "changed_by", "changed_at"};
constexpr InsertShape kChangeInsert{"step_history", kChangeColumns, ""};

db::Params change_values(const NewChange& h, const std::string& now) {
  return {h.org_id,
          h.step_id,
          h.from ? db::Value{std::string(domain::to_string(*h.from))} : db::Value{nullptr},
          std::string(domain::to_string(h.to)),
          db::nullable(h.by),
          now};
}

constexpr const char* kColumns =
    "st.id, st.org_id, st.module_id, st.job_id, st.candidate_id, st.position, st.status, "
    "st.started_at, st.completed_at, st.created_at, st.updated_at, st.updated_by, "
    "s.id, s.org_id, s.name, s.kind, s.description, s.is_builtin, st.shortlisting_step_id";

domain::InterviewStep from_row(const db::Row& r) {
  domain::InterviewStep s;
  s.id = r.int64(0);
  s.org_id = r.int64(1);
  s.module_id = r.int64(2);
  s.job_id = r.int64(3);
  s.candidate_id = r.int64(4);
  s.order = r.int64(5);
  s.status = domain::parse_step_status(r.text(6)).value();
  s.started_at = r.opt_text(7);
  s.completed_at = r.opt_text(8);
  s.created_at = r.text(9);
  s.updated_at = r.text(10);
  s.updated_by = r.opt_int64(11);
  s.service.id = r.int64(12);
  s.service.org_id = r.opt_int64(13);
  s.service.name = r.text(14);
  s.service.kind = r.text(15);
  s.service.description = r.text(16);
  s.service.is_builtin = r.boolean(17);
  s.shortlisting_step_id = r.opt_int64(18);
  return s;
}

std::string select_steps(const std::string& where_and_order) {
  return std::string("SELECT ") + kColumns +
         " FROM interview_steps st JOIN services s ON s.id = st.service_id " + where_and_order;
}

}  // namespace

std::optional<domain::ApplicationStatus> lock_application(db::Connection& c, std::int64_t org_id,
                                                          std::int64_t job_id,
                                                          std::int64_t candidate_id) {
  auto rows =
      c.query(std::string("SELECT status FROM applications WHERE org_id = ? AND job_id = ? AND "
                          "candidate_id = ?") +
                  db::lock_clause(c, db::Lock::kUpdate),
              {org_id, job_id, candidate_id});
  if (rows.empty()) return std::nullopt;
  return domain::parse_application_status(rows[0].text(0)).value();
}

void set_application_status(db::Connection& c, std::int64_t org_id, std::int64_t job_id,
                            std::int64_t candidate_id, domain::ApplicationStatus to,
                            const std::string& now) {
  const std::string status(domain::to_string(to));
  c.execute(
      "UPDATE applications SET status = ?, updated_at = ? WHERE org_id = ? AND job_id = ? AND "
      "candidate_id = ? AND status <> ?",
      {status, now, org_id, job_id, candidate_id, status});
}

std::optional<domain::InterviewStep> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                          db::Lock lock) {
  const std::string clause = db::lock_clause(c, lock);
  auto rows = c.query(select_steps("WHERE st.org_id = ? AND st.id = ?") +
                          (clause.empty() ? clause : clause + " OF st"),
                      {org_id, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

std::vector<domain::InterviewStep> of_candidate(db::Connection& c, std::int64_t module_id,
                                                std::int64_t job_id, std::int64_t candidate_id) {
  std::vector<domain::InterviewStep> out;
  for (const auto& r :
       c.query(select_steps("WHERE st.module_id = ? AND st.job_id = ? AND st.candidate_id = ? "
                            "ORDER BY st.position, st.id"),
               {module_id, job_id, candidate_id})) {
    out.push_back(from_row(r));
  }
  return out;
}

domain::Page<domain::InterviewStep> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                         const domain::PageRequest& page) {
  Filters where(" WHERE st.org_id = ?", {org_id});
  where.equal("st.candidate_id", f.candidate_id)
      .equal("st.job_id", f.job_id)
      .equal("st.module_id", f.module_id)
      .equal("st.status",
             f.status ? std::optional(std::string(domain::to_string(*f.status))) : std::nullopt);
  return fetch_page<domain::InterviewStep>(
      c, kColumns, " FROM interview_steps st JOIN services s ON s.id = st.service_id" + where.sql(),
      where.params(), " ORDER BY st.id", page, from_row);
}

std::optional<std::int64_t> insert(db::Connection& c, const NewStep& s, std::int64_t by,
                                   const std::string& now) {
  static const std::string sql = insert_sql(kStepInsert, 1);
  return db::scalar_int(c, sql, step_values(s, by, now));
}

std::vector<std::int64_t> insert_many(db::Connection& c, std::span<const Timed<NewStep>> rows,
                                      std::int64_t by) {
  return ids_in_row_order(insert_timed(
      c, kStepInsert, rows,
      [by](const NewStep& s, const std::string& now) { return step_values(s, by, now); }));
}

void set_status(db::Connection& c, std::int64_t id, domain::StepStatus to,
                std::optional<std::int64_t> by, const std::string& now) {
  c.execute(
      "UPDATE interview_steps SET status = ?, "
      "started_at = CASE WHEN ? = 1 THEN ? ELSE started_at END, "
      "completed_at = CASE WHEN ? = 1 THEN ? ELSE completed_at END, "
      "updated_at = ?, updated_by = ? WHERE id = ?",
      {std::string(domain::to_string(to)), std::int64_t{domain::sets_started_at(to) ? 1 : 0}, now,
       std::int64_t{domain::sets_completed_at(to) ? 1 : 0}, now, now, db::nullable(by), id});
}

void set_order(db::Connection& c, std::int64_t id, std::int64_t order, std::int64_t by,
               const std::string& now) {
  c.execute("UPDATE interview_steps SET position = ?, updated_at = ?, updated_by = ? WHERE id = ?",
            {order, now, by, id});
}

bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return c.execute("DELETE FROM interview_steps WHERE org_id = ? AND id = ?", {org_id, id}) > 0;
}

bool order_taken(db::Connection& c, const domain::InterviewStep& step, std::int64_t order) {
  return db::scalar_int(c,
                        "SELECT COUNT(*) FROM interview_steps WHERE module_id = ? AND job_id = ? "
                        "AND candidate_id = ? AND position = ? AND id <> ?",
                        {step.module_id, step.job_id, step.candidate_id, order, step.id})
             .value_or(0) > 0;
}

bool job_has_steps(db::Connection& c, std::int64_t org_id, std::int64_t job_id) {
  return db::scalar_int(c, "SELECT COUNT(*) FROM interview_steps WHERE org_id = ? AND job_id = ?",
                        {org_id, job_id})
             .value_or(0) > 0;
}

void add_history(db::Connection& c, std::int64_t org_id, std::int64_t step_id,
                 std::optional<domain::StepStatus> from, domain::StepStatus to,
                 std::optional<std::int64_t> by, const std::string& now) {
  static const std::string sql = insert_sql(kChangeInsert, 1);
  c.execute(sql, change_values({org_id, step_id, from, to, by}, now));
}

void add_history_many(db::Connection& c, std::span<const Timed<NewChange>> rows) {
  insert_timed(c, kChangeInsert, rows, change_values);
}

domain::Page<domain::StepChange> history(db::Connection& c, std::int64_t org_id,
                                         std::int64_t step_id, const domain::PageRequest& page) {
  // A named list: GCC 12 at -O3 warns (falsely) that a temporary one may be used
  // uninitialized, which -Werror turns into a failed Release build.
  const db::Params where{org_id, step_id};
  return fetch_page<domain::StepChange>(
      c, "id, step_id, from_status, to_status, changed_by, changed_at",
      " FROM step_history WHERE org_id = ? AND step_id = ?", where, " ORDER BY id", page,
      [](const db::Row& r) {
        const auto from = r.opt_text(2);
        return domain::StepChange{
            r.int64(0),
            r.int64(1),
            from ? std::optional(domain::parse_step_status(*from).value()) : std::nullopt,
            domain::parse_step_status(r.text(3)).value(),
            r.opt_int64(4),
            r.text(5)};
      });
}

}  // namespace repos::steps
