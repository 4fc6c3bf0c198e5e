// The subcommands of `interviewd`: serve, migrate, create-org, demo, worker.
#pragma once

#include <string>

#include "app/config.hpp"

namespace app {

int serve(const Config& config);
int migrate(const Config& config);

struct CreateOrgOptions {
  std::string name;
  std::string admin_email;
  std::string admin_name = "Admin";
  std::string admin_password;  // empty: a random one, printed
};
int create_org(const Config& config, const CreateOrgOptions& options);
int demo(const Config& config);
// Media workers only, until SIGTERM/SIGINT.
int worker(const Config& config);

}  // namespace app
