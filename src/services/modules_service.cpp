#include "services/modules_service.hpp"

#include <set>

#include "domain/messages.hpp"
#include "repos/jobs_repo.hpp"
#include "repos/modules_repo.hpp"
#include "repos/question_sets_repo.hpp"
#include "repos/services_repo.hpp"
#include "util/clock.hpp"

namespace services {

namespace {

// Resolves services by id or name and checks orders and repetitions, naming
// every problem at once under "services".
domain::Result<std::vector<repos::modules::ServiceEntry>> resolve_services(
    db::Connection& db, const domain::Principal& who, const std::vector<ModuleServiceInput>& in) {
  std::vector<repos::modules::ServiceEntry> out;
  std::vector<std::string> errors;
  std::set<std::int64_t> seen_services;
  std::set<std::int64_t> seen_orders;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto& item = in[i];
    const std::string where = "Item " + std::to_string(i + 1) + ": ";
    std::optional<domain::Service> service =
        item.service_id ? repos::services::find(db, who.org_id, *item.service_id)
                        : repos::services::find_by_name(db, who.org_id, *item.service_name);
    if (!service) {
      errors.push_back(where +
                       (item.service_id
                            ? "service " + std::to_string(*item.service_id) + " does not exist."
                            : "service \"" + *item.service_name + "\" does not exist."));
    }
    // Locked to share, so that the question set is not deleted under the module.
    if (item.question_set_id &&
        !repos::question_sets::exists(db, who.org_id, *item.question_set_id, db::Lock::kShare)) {
      errors.push_back(where + "preferences.question_set_id: " +
                       domain::messages::invalid_pk(*item.question_set_id));
    }
    if (!service) continue;
    if (!seen_services.insert(service->id).second) {
      errors.push_back(where + "service \"" + service->name + "\" appears more than once.");
    }
    if (!seen_orders.insert(item.order).second) {
      errors.push_back(where + "order " + std::to_string(item.order) + " is used more than once.");
    }
    out.push_back({service->id, item.order, item.preferences, item.question_set_id});
  }
  if (!errors.empty()) return domain::Error::invalid({{"services", errors}});
  return out;
}

// The job is locked to share, so that it is not deleted under the module being written.
void check_job(db::Connection& db, const domain::Principal& who,
               const std::optional<std::int64_t>& job, domain::FieldErrors& errors) {
  if (job && !repos::jobs::find(db, who.org_id, *job, db::Lock::kShare)) {
    errors["job"].push_back(domain::messages::invalid_pk(*job));
  }
}

}  // namespace

domain::Result<domain::InterviewModule> module_create(db::Connection& db,
                                                      const domain::Principal& who,
                                                      const ModuleInput& in) {
  db::Transaction tx(db, true);
  repos::modules::Fields f{*in.name, in.description.value_or(""), in.job.value_or(std::nullopt),
                           in.is_active.value_or(true)};
  // The job and the services: every bad field named at once.
  domain::FieldErrors errors;
  check_job(db, who, f.job_id, errors);
  auto entries = resolve_services(db, who, in.services.value_or(std::vector<ModuleServiceInput>{}));
  if (!entries) errors.merge(entries.take_error().fields);
  if (!errors.empty()) return domain::Error::invalid(errors);
  const std::int64_t id =
      repos::modules::insert(db, who.org_id, f, who.user_id, util::now_rfc3339());
  repos::modules::replace_services(db, id, *entries);
  auto m = repos::modules::find(db, who.org_id, id);
  tx.commit();
  return *m;
}

domain::Result<domain::InterviewModule> module_update(db::Connection& db,
                                                      const domain::Principal& who, std::int64_t id,
                                                      const ModuleInput& in) {
  db::Transaction tx(db, true);
  auto current = repos::modules::find(db, who.org_id, id);
  if (!current) return domain::Error::not_found();
  // The job first, then the module (the order in which a job's delete takes
  // them); the module is locked so that concurrent updates take turns.
  domain::FieldErrors errors;
  check_job(db, who, in.job ? *in.job : current->job_id, errors);
  current = repos::modules::find(db, who.org_id, id, db::Lock::kUpdate);
  if (!current) return domain::Error::not_found();
  repos::modules::Fields f{
      in.name.value_or(current->name), in.description.value_or(current->description),
      in.job ? *in.job : current->job_id, in.is_active.value_or(current->is_active)};
  std::optional<std::vector<repos::modules::ServiceEntry>> entries;
  if (in.services) {
    auto resolved = resolve_services(db, who, *in.services);
    if (resolved) {
      entries = std::move(*resolved);
    } else {
      errors.merge(resolved.take_error().fields);
    }
  }
  if (!errors.empty()) return domain::Error::invalid(errors);
  if (entries) repos::modules::replace_services(db, id, *entries);
  repos::modules::update(db, who.org_id, id, f, who.user_id, util::now_rfc3339());
  auto m = repos::modules::find(db, who.org_id, id);
  tx.commit();
  return *m;
}

domain::Status module_delete(db::Connection& db, const domain::Principal& who, std::int64_t id) {
  db::Transaction tx(db, true);
  if (!repos::modules::remove(db, who.org_id, id)) return domain::Error::not_found();
  tx.commit();
  return domain::ok();
}

domain::Result<domain::InterviewModule> module_get(db::Connection& db, const domain::Principal& who,
                                                   std::int64_t id) {
  auto m = repos::modules::find(db, who.org_id, id);
  if (!m) return domain::Error::not_found();
  return *m;
}

domain::Page<domain::InterviewModule> modules_list(db::Connection& db, const domain::Principal& who,
                                                   const domain::PageRequest& page) {
  return repos::modules::list(db, who.org_id, {}, page);
}

domain::Result<domain::Page<domain::InterviewModule>> modules_of_job(
    db::Connection& db, const domain::Principal& who, std::int64_t job_id,
    const domain::PageRequest& page) {
  // Modules prove their job exists; only an empty list needs to ask.
  auto modules = repos::modules::list(db, who.org_id, {job_id}, page);
  if (modules.total == 0 && !repos::jobs::find(db, who.org_id, job_id)) {
    return domain::Error::not_found("Job not found.");
  }
  return modules;
}

domain::Result<ModuleServiceView> module_service_by_name(db::Connection& db,
                                                         const domain::Principal& who,
                                                         std::int64_t module_id,
                                                         const std::string& service_name) {
  auto m = repos::modules::find(db, who.org_id, module_id);
  if (!m) return domain::Error::not_found("Module not found.");
  for (const auto& e : m->services) {
    if (e.service.name == service_name) return ModuleServiceView{m->id, e};
  }
  return domain::Error::not_found("Service not found in this module.");
}

}  // namespace services
