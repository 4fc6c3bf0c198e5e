#include "app/idempotency.hpp"

#include <algorithm>
#include <stdexcept>

#include "util/crypto.hpp"
#include "util/text.hpp"
#include "util/timestamps.hpp"

namespace app {

namespace rows = repos::idempotency_keys;

namespace idempotency {

namespace {

bool valid_key(std::string_view key) {
  return !key.empty() && key.size() <= kMaxKeyLength &&
         std::all_of(key.begin(), key.end(), [](char ch) {
           const auto c = static_cast<unsigned char>(ch);
           return c >= 0x20 && c <= 0x7e;
         });
}

// One named part of a fingerprint's text, its length first, so that no two different
// requests give the same text.
void add_part(std::string& text, std::string_view name, std::string_view value) {
  text.append(name);
  text += ' ';
  text += std::to_string(value.size());
  text += ':';
  text.append(value);
  text += '\n';
}

bool one_line(std::string_view s) {
  return s.find_first_of("\r\n") == std::string_view::npos;
}

// A key of its own for each use of the secret.
std::string subkey(const Key& key, std::string_view purpose) {
  return util::hmac_sha256(key.secret, purpose);
}

}  // namespace

Key derive(const std::string& scope, std::string_view key) {
  Key k;
  k.secret = util::hmac_sha256(key, "interviewd Idempotency-Key\n" + scope);
  k.row = {scope, util::hex_encode(subkey(k, "lookup"))};
  return k;
}

bool is_write(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

domain::Result<std::optional<Key>> key_of(const web::Request& req, const domain::Principal* who) {
  std::optional<Key> none;
  if (req.idempotency_keys.empty() || !who || !is_write(req.method)) return none;
  if (req.idempotency_keys.size() > 1 || !valid_key(req.idempotency_keys.front())) {
    return domain::Error::bad_request(std::string(kMalformed));
  }
  // A user's keys are theirs whichever token they use; a candidate's are the invitation's.
  const std::string scope = who->invitation_id != 0
                                ? "invitation:" + std::to_string(who->invitation_id)
                                : "user:" + std::to_string(who->user_id);
  return std::optional<Key>(derive(scope, req.idempotency_keys.front()));
}

std::string fingerprint(const web::Request& req, const Key& key) {
  std::string text;
  add_part(text, "method", req.method);
  add_part(text, "path", req.path);
  add_part(text, "query", req.raw_query);
  for (const auto& [name, value] : req.protocol_headers) {
    // The method it names is the request's method already.
    if (name != "X-HTTP-Method-Override") add_part(text, name, value);
  }
  add_part(text, "body", req.body);
  for (const auto& [name, value] : req.form) {
    add_part(text, "field", name);
    add_part(text, "value", value);
  }
  if (req.upload) {
    add_part(text, "file", req.upload->field);
    add_part(text, "filename", req.upload->filename);
    add_part(text, "content-type", req.upload->content_type);
    const auto digest = util::sha256_of_file(req.upload->path);
    if (!digest) throw std::runtime_error("cannot read the spooled body for its fingerprint");
    add_part(text, "content", *digest);
  }
  return util::hex_encode(util::hmac_sha256(subkey(key, "fingerprint"), text));
}

std::string encode_headers(const Headers& headers) {
  std::string text;
  for (const auto& [name, value] : headers) text += name + ": " + value + "\n";
  return text;
}

Headers decode_headers(std::string_view text) {
  Headers headers;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    const auto colon = line.find(": ");
    if (colon != std::string_view::npos) {
      headers.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return headers;
}

bool storable(const web::Response& res) {
  if (res.status >= 500 || res.file || res.stream) return false;
  if (res.content_type.find('\0') != std::string::npos || !util::valid_utf8(res.content_type)) {
    return false;
  }
  return std::all_of(res.headers.begin(), res.headers.end(), [](const auto& h) {
    return one_line(h.first) && one_line(h.second) && h.first.find(": ") == std::string::npos;
  });
}

rows::StoredResponse seal_response(const web::Response& res, const Key& key) {
  const std::string secret = subkey(key, "response");
  return {res.status, res.content_type,
          util::base64_encode(util::seal(secret, encode_headers(res.headers))),
          util::base64_encode(util::seal(secret, res.body))};
}

std::optional<web::Response> open_response(const rows::StoredResponse& stored, const Key& key) {
  const std::string secret = subkey(key, "response");
  const auto sealed_headers = util::base64_decode(stored.headers);
  const auto sealed_body = util::base64_decode(stored.body);
  if (!sealed_headers || !sealed_body) return std::nullopt;
  auto headers = util::unseal(secret, *sealed_headers);
  auto body = util::unseal(secret, *sealed_body);
  if (!headers || !body) return std::nullopt;
  web::Response res;
  res.status = static_cast<unsigned>(stored.status);
  res.content_type = stored.content_type;
  res.headers = decode_headers(*headers);
  res.body = std::move(*body);
  return res;
}

}  // namespace idempotency

namespace {

web::Response replay_of(const rows::StoredResponse& stored, const idempotency::Key& key) {
  auto res = idempotency::open_response(stored, key);
  // The key matched its digest, so only a row changed by hand gets here.
  if (!res) throw std::runtime_error("an Idempotency-Key's stored response does not open");
  res->headers.emplace_back(idempotency::kReplayed, "true");
  return std::move(*res);
}

domain::Error in_progress() {
  return domain::Error::conflict(std::string(idempotency::kInProgress));
}

}  // namespace

Idempotency::Idempotency(db::ConnectionFactory connect, IdempotencyOptions options,
                         web::Logger& logger)
    : connect_(std::move(connect)),
      options_(options),
      logger_(logger),
      thread_([this] { loop(); }) {}

Idempotency::~Idempotency() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

domain::Result<Idempotency::Start> Idempotency::start(db::Connection& conn, const Key& key,
                                                      const std::string& fingerprint) {
  const std::string holder = util::random_hex(8);
  const std::int64_t lease = options_.lease.count();
  // A row may go between two statements (it expired, or its request failed and let it
  // go): then the claim is tried again, a few times.
  for (int round = 0; round < 4; ++round) {
    const std::int64_t now = util::unix_now_ms();
    db::Transaction tx(conn, true);
    if (rows::claim(conn, key.row, fingerprint, holder, now, now + lease,
                    now + options_.keep.count())) {
      tx.commit();
      return Start{std::nullopt, std::make_unique<Claim>(*this, conn, key, holder)};
    }
    auto row = rows::find(conn, key.row);
    if (row && row->expires_ms <= now && rows::remove_expired(conn, key.row, now)) row.reset();
    if (!row) {
      tx.commit();
      continue;
    }
    if (row->fingerprint != fingerprint) {
      return domain::Error::unprocessable(std::string(idempotency::kReused));
    }
    if (row->response) return Start{replay_of(*row->response, key), nullptr};
    if (row->locked_until_ms >= now) return in_progress();
    // Its holder stopped renewing it (the node died): this request runs instead.
    const bool taken = rows::take_over(conn, key.row, row->holder, holder, now, now + lease);
    tx.commit();
    if (taken) {
      logger_.message("warn",
                      "Idempotency-Key: took over a claim whose holder stopped renewing it");
      return Start{std::nullopt, std::make_unique<Claim>(*this, conn, key, holder)};
    }
  }
  return in_progress();
}

bool Idempotency::known(db::Connection& conn, const Key& key) {
  auto row = rows::find(conn, key.row);
  return row && row->expires_ms > util::unix_now_ms();
}

Idempotency::Claim::Claim(Idempotency& owner, db::Connection& conn, Key key, std::string holder)
    : owner_(owner),
      conn_(conn),
      key_(std::move(key)),
      holder_(std::move(holder)),
      slot_(owner.hold(key_.row, holder_)) {}

Idempotency::Claim::~Claim() {
  if (!done_) release();
}

void Idempotency::Claim::finish(const web::Response& res) {
  if (done_) return;
  if (!idempotency::storable(res)) {
    release();
    return;
  }
  done_ = true;
  owner_.unhold(slot_);
  try {
    const rows::StoredResponse stored = idempotency::seal_response(res, key_);
    db::Transaction tx(conn_, true);
    const bool kept = rows::complete(conn_, key_.row, holder_, stored);
    tx.commit();
    if (!kept) {
      owner_.logger_.message("warn",
                             "Idempotency-Key: another request took the claim over while this "
                             "one ran; its response is not stored");
    }
  } catch (const std::exception& e) {
    // The claim runs out by itself; a retry after that runs again.
    owner_.logger_.message("warn",
                           std::string("Idempotency-Key: cannot store a response: ") + e.what());
  }
}

void Idempotency::Claim::release() noexcept {
  done_ = true;
  owner_.unhold(slot_);
  try {
    db::Transaction tx(conn_, true);
    rows::release(conn_, key_.row, holder_);
    tx.commit();
  } catch (...) {
    // The database is away: the claim runs out by itself (its deadline).
  }
}

std::uint64_t Idempotency::hold(const rows::Key& row, const std::string& holder) {
  std::lock_guard lock(mu_);
  const std::uint64_t slot = ++next_slot_;
  held_[slot] = Held{row, holder};
  return slot;
}

void Idempotency::unhold(std::uint64_t slot) {
  std::lock_guard lock(mu_);
  held_.erase(slot);
}

db::Connection& Idempotency::connection() {
  if (!conn_) conn_ = connect_();
  return *conn_;
}

void Idempotency::renew_claims() {
  std::vector<std::pair<std::uint64_t, Held>> now_held;
  {
    std::lock_guard lock(mu_);
    for (const auto& [slot, h] : held_) {
      if (!h.lost) now_held.emplace_back(slot, h);
    }
  }
  if (now_held.empty()) return;
  std::lock_guard work(work_mu_);
  try {
    db::Connection& c = connection();
    const std::int64_t until = util::unix_now_ms() + options_.lease.count();
    for (const auto& [slot, h] : now_held) {
      db::Transaction tx(c, true);
      const bool renewed = rows::renew(c, h.row, h.holder, until);
      tx.commit();
      if (renewed) continue;
      std::lock_guard lock(mu_);
      auto it = held_.find(slot);
      if (it == held_.end()) continue;  // finished meanwhile
      it->second.lost = true;
      logger_.message("warn",
                      "Idempotency-Key: a running request lost its claim (its deadline passed "
                      "and another request took it over)");
    }
  } catch (const std::exception& e) {
    conn_.reset();  // opened again next round
    logger_.message("warn", std::string("Idempotency-Key: renewing claims failed: ") + e.what());
  }
}

std::int64_t Idempotency::prune_expired() {
  std::lock_guard work(work_mu_);
  std::int64_t removed = 0;
  try {
    db::Connection& c = connection();
    const std::int64_t now = util::unix_now_ms();
    // In bounded batches, a few per round: the rest waits for the next round.
    for (int batch = 0; batch < 10; ++batch) {
      db::Transaction tx(c, true);
      const std::int64_t n = rows::prune(c, now, options_.prune_batch);
      tx.commit();
      removed += n;
      if (n < options_.prune_batch) break;
    }
  } catch (const std::exception& e) {
    conn_.reset();
    logger_.message("warn",
                    std::string("Idempotency-Key: removing expired keys failed: ") + e.what());
  }
  return removed;
}

void Idempotency::loop() {
  const auto interval =
      std::max<std::chrono::milliseconds>(options_.lease / 3, std::chrono::milliseconds(100));
  auto next_prune = std::chrono::steady_clock::now() + interval;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, interval, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    renew_claims();
    if (std::chrono::steady_clock::now() >= next_prune) {
      prune_expired();
      next_prune = std::chrono::steady_clock::now() + options_.prune_every;
    }
    lock.lock();
  }
}

}  // namespace app
