#include "api/workflow_bulk_api.hpp"

#include <string>
#include <vector>

#include "api/workflow_api.hpp"
#include "domain/messages.hpp"
#include "http/error_response.hpp"
#include "json/input.hpp"
#include "json/writer.hpp"

namespace api {

namespace {

constexpr std::size_t kMaxItems = 500;

// The actions by the names the request gives them, with the function of each one's
// single endpoint.
constexpr std::string_view kActionNames[] = {"shortlist", "unshortlist", "update-step",
                                             "update-status"};
constexpr WorkflowCall kActionCalls[] = {shortlist_answer, unshortlist_answer, update_step_answer,
                                         update_status_answer};

struct BulkRequest {
  WorkflowCall call = nullptr;
  simdjson::dom::array items;
  bool atomic = false;
};

// The envelope, every bad field named at once; the items are read one by one later.
domain::Result<BulkRequest> read_request(const json::Body& body) {
  json::FieldReader in(body.root());
  auto action = in.choice("action", kActionNames, true);
  auto items = in.list("items", true);
  auto atomic = in.boolean("atomic", false);
  if (items && items->size() == 0) in.add("items", std::string(domain::messages::kEmptyList));
  if (items && items->size() > kMaxItems) {
    in.add("items", domain::messages::too_many_elements(kMaxItems));
  }
  if (!in.ok()) return in.error();
  BulkRequest request;
  for (std::size_t i = 0; i < std::size(kActionNames); ++i) {
    if (kActionNames[i] == *action) request.call = kActionCalls[i];
  }
  request.items = *items;
  request.atomic = atomic.value_or(false);
  return request;
}

// What the single endpoint answers for one item: status and body.
struct ItemResult {
  unsigned status = 0;
  std::string body;
  bool ok() const { return status < 300; }
};

ItemResult run_item(Ctx& ctx, WorkflowCall call, simdjson::dom::element item, bool may_hold_nul) {
  // The checks the single endpoint makes of a whole body (an object, no NUL), then its
  // action.
  auto object = json::body_object(item, may_hold_nul);
  auto answer = object ? call(*ctx.db, *ctx.who, *object)
                       : domain::Result<web::Response>(object.take_error());
  web::Response response =
      answer ? std::move(*answer) : web::error_response(answer.error(), ctx.req.request_id);
  return {response.status, std::move(response.body)};
}

std::vector<ItemResult> run_items(Ctx& ctx, const BulkRequest& request, bool may_hold_nul) {
  std::vector<ItemResult> results;
  results.reserve(request.items.size());
  for (simdjson::dom::element item : request.items) {
    results.push_back(run_item(ctx, request.call, item, may_hold_nul));
  }
  return results;
}

web::Response envelope(unsigned status, const std::vector<ItemResult>& results) {
  std::int64_t succeeded = 0;
  for (const auto& r : results) succeeded += r.ok() ? 1 : 0;
  return web::Response::json(status, json::build([&](json::Writer& w) {
                               w.StartObject();
                               json::key(w, "results");
                               w.StartArray();
                               for (std::size_t i = 0; i < results.size(); ++i) {
                                 w.StartObject();
                                 json::field(w, "index", static_cast<std::int64_t>(i));
                                 json::field(w, "status", static_cast<int>(results[i].status));
                                 json::raw_field(w, "body", results[i].body);
                                 w.EndObject();
                               }
                               w.EndArray();
                               json::field(w, "succeeded", succeeded);
                               json::field(w, "failed",
                                           static_cast<std::int64_t>(results.size()) - succeeded);
                               w.EndObject();
                             }));
}

// An atomic request's status: 200 when every item succeeded, else 400 when every
// failure was a 400, else 409.
unsigned atomic_status(const std::vector<ItemResult>& results) {
  bool failed = false, only_400 = true;
  for (const auto& r : results) {
    if (r.ok()) continue;
    failed = true;
    only_400 = only_400 && r.status == 400;
  }
  if (!failed) return 200;
  return only_400 ? 400 : 409;
}

}  // namespace

domain::Result<web::Response> workflow_bulk(Ctx& ctx) {
  // NULs are each item's business: the single endpoint names the item's field.
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body, json::Body::Nul::kLeaveToItems);
  if (!body) return body.take_error();
  auto request = read_request(*body);
  if (!request) return request.take_error();
  if (!request->atomic) {
    // Each item's service call is a transaction of its own.
    return envelope(200, run_items(ctx, *request, body->may_hold_nul()));
  }
  // Inside this transaction each item's service transaction is a savepoint: a failed
  // item leaves nothing, and later items see the earlier successful ones.
  db::Transaction tx(*ctx.db, true);
  const auto results = run_items(ctx, *request, body->may_hold_nul());
  const unsigned status = atomic_status(results);
  if (status == 200) tx.commit();  // otherwise everything is rolled back on return
  return envelope(status, results);
}

}  // namespace api
