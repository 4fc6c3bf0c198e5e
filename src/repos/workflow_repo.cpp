#include "repos/workflow_repo.hpp"

namespace repos::workflow {

Target load(db::Connection& c, const TargetRequest& t) {
  const std::string share = db::lock_clause(c, db::Lock::kShare);
  const std::string update = db::lock_clause(c, db::Lock::kUpdate);
  const char* visible_service = "SELECT id FROM services WHERE (org_id IS NULL OR org_id = ?) AND ";
  db::Statement service =
      t.service_id
          ? db::Statement{std::string(visible_service) + "id = ?", {t.org_id, *t.service_id}}
          : db::Statement{std::string(visible_service) + "name = ? ORDER BY id LIMIT 1",
                          {t.org_id, t.service_name.value_or("")}};
  const db::Statement statements[] = {
      {"SELECT id FROM candidates WHERE org_id = ? AND id = ?" + share, {t.org_id, t.candidate_id}},
      {"SELECT id FROM jobs WHERE org_id = ? AND id = ?" + share, {t.org_id, t.job_id}},
      {"SELECT job_id FROM interview_modules WHERE org_id = ? AND id = ?" + share,
       {t.org_id, t.module_id}},
      std::move(service),
      {"SELECT ms.service_id, ms.position FROM module_services ms "
       "JOIN interview_modules m ON m.id = ms.module_id "
       "WHERE m.org_id = ? AND ms.module_id = ? ORDER BY ms.position",
       {t.org_id, t.module_id}},
      {"SELECT status FROM applications WHERE org_id = ? AND job_id = ? AND candidate_id = ?" +
           update,
       {t.org_id, t.job_id, t.candidate_id}}};
  const auto rows = c.query_all(statements);
  Target out;
  out.candidate = !rows[0].empty();
  out.job = !rows[1].empty();
  out.module = !rows[2].empty();
  if (out.module) out.module_job_id = rows[2][0].opt_int64(0);
  if (!rows[3].empty()) out.service_id = rows[3][0].int64(0);
  for (const auto& r : rows[4]) out.module_services.push_back({r.int64(0), r.int64(1)});
  if (!rows[5].empty()) {
    out.application_status = domain::parse_application_status(rows[5][0].text(0)).value();
  }
  return out;
}

}  // namespace repos::workflow
