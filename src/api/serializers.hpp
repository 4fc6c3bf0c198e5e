// Entities to JSON, field names as API.md's object table gives them.
#pragma once

#include <string>

#include "domain/models.hpp"
#include "http/response.hpp"
#include "json/writer.hpp"
#include "api/context.hpp"
#include "api/pagination.hpp"

namespace api {

void write_organization(json::Writer& w, const domain::Organization& o);
void write_user(json::Writer& w, const domain::User& u);
void write_job(json::Writer& w, const domain::Job& j);
void write_candidate(json::Writer& w, const domain::Candidate& c);
void write_service(json::Writer& w, const domain::Service& s);

// A response holding one object written by `write`.
template <class T>
web::Response object_response(unsigned status, const T& value,
                              void (*write)(json::Writer&, const T&)) {
  return web::Response::json(status, json::build([&](json::Writer& w) { write(w, value); }));
}

// A JSON array of one page, with X-Total-Count and Link.
template <class T>
web::Response list_response(const Ctx& ctx, const domain::PageRequest& page,
                            const domain::Page<T>& items, void (*write)(json::Writer&, const T&)) {
  auto res = web::Response::json(200, json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto& item : items.items) write(w, item);
    w.EndArray();
  }));
  add_page_headers(res, ctx.req, ctx.public_url, page, items.total);
  return res;
}

}  // namespace api
