// Writing a response to the connection: a body in memory in one write, a body
// from a file (or a range of one) or from a StreamBody in pieces. Header values that
// could split the response (control characters) are never written.
#pragma once

#include <utility>  // Boost 1.74's awaitable.hpp misses it under g++ 12.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <string>

#include "http/response.hpp"

namespace web {

// Sends `r` (its body is moved out); false when the connection failed. `head`
// sends the headers of the answer without its body. `timeout` bounds each write.
boost::asio::awaitable<bool> send_response(boost::beast::tcp_stream& stream, Response& r,
                                           const std::string& request_id, unsigned version,
                                           bool keep_alive, bool head,
                                           std::chrono::seconds timeout);

}  // namespace web
