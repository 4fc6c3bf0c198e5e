// SQL for users and their API tokens.
#pragma once

#include <optional>

#include "db/connection.hpp"
#include "domain/models.hpp"

namespace repos::users {

struct NewUser {
  std::int64_t org_id = 0;
  std::string email;
  std::string name;
  domain::Role role = domain::Role::kInterviewer;
  std::string password_hash;
};

// nullopt when the email is taken (decided by the unique index).
std::optional<domain::User> insert(db::Connection& c, const NewUser& u, const std::string& now);
std::optional<domain::User> find(db::Connection& c, std::int64_t org_id, std::int64_t id);

struct Credentials {
  domain::User user;
  std::string password_hash;
};
std::optional<Credentials> find_credentials(db::Connection& c, const std::string& email);

domain::Page<domain::User> list(db::Connection& c, std::int64_t org_id,
                                const domain::PageRequest& page);
bool email_taken(db::Connection& c, const std::string& email, std::int64_t except_id);

struct Changes {
  std::optional<std::string> name;
  std::optional<domain::Role> role;
  std::optional<bool> is_active;
  std::optional<std::string> password_hash;
};
void update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Changes& ch);

// Tokens.
void insert_token(db::Connection& c, const domain::User& u, const std::string& key_hash,
                  const std::string& now, const std::string& expires_at);
// The principal holding a live token; nullopt for an unknown or expired one.
struct TokenOwner {
  domain::Principal principal;
  bool is_active = false;
  std::string expires_at;
};
std::optional<TokenOwner> find_token_owner(db::Connection& c, const std::string& key_hash,
                                           const std::string& now);
void delete_token(db::Connection& c, std::int64_t token_id);
void delete_tokens_of(db::Connection& c, std::int64_t user_id);

}  // namespace repos::users
