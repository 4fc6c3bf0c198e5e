// The first half of reading a request: the parser every request's head is read
// with, and the Request a handler sees, made from that head.
#pragma once

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <string_view>

#include "http/request.hpp"
#include "http/request_ids.hpp"

namespace web {

using HeadParser = boost::beast::http::request_parser<boost::beast::http::empty_body>;

// Sets the header limit; the body limit is left open, since it depends on the
// route: each body parser sets its own.
void configure_head_parser(HeadParser& parser, std::size_t header_limit);

// Whether a client's X-Request-Id may be echoed: 1-128 of [A-Za-z0-9._-].
bool sane_request_id(std::string_view id);

// The Request of a parsed head: method, path, query, the headers handlers use,
// and the request id (the client's when sane, else a new one).
Request request_from_header(const boost::beast::http::request<boost::beast::http::empty_body>& msg,
                            RequestIds& ids);

}  // namespace web
