// The abusive clients of bench/abuse.sh, all at once from one thread: idle connections,
// slowloris headers, a flood of logins with random emails, multipart bodies padded with
// endless spaces, and 512 MiB uploads generated on the fly. It tallies what the server
// answered each kind (a status, or the connection closed without one) and prints one
// line "ABUSE {json}" when it stops (after --duration, or on SIGINT/SIGTERM).
// One thread and raw sockets: on a 2-core machine it must not eat the CPU it measures.
//   bench_abuse --port P [--token T --screening S --question Q] [--presigned PATH ...]
#include <utility>  // Boost 1.74's awaitable.hpp misses it under g++ 12.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  double duration = 600;  // seconds; the script usually stops it earlier
  int idle = 2000;
  int slowloris = 200;
  double slowloris_interval = 3;  // seconds between two bytes of a slowloris header
  double logins_per_second = 50;
  // Logins come from 127.0.0.1, or spread over 127.0.1.1 ... 127.0.1.N (a botnet's
  // addresses, each with its own auth rate limit).
  int login_sources = 0;
  int padded = 10;
  double padded_rate = 256 * 1024;  // bytes/s of spaces per padded body
  int uploads = 10;
  std::uint64_t upload_bytes = 512ULL * 1024 * 1024;
  double upload_rate = 0;  // bytes/s per upload; 0: as fast as the server takes them
  double pause = 0.5;      // seconds before a refused padded body or upload starts again
  std::string token;       // for the padded bodies and the multipart uploads
  std::string screening;
  std::string question;
  std::vector<std::string> presigned;  // path?query of presigned PUT URLs
  std::string host_line;               // "Host: 127.0.0.1:8000\r\n" (presigned URLs sign it)
};

// What the server did to one kind of client.
struct Tally {
  long started = 0;
  long open = 0;  // connections open now
  long peak_open = 0;
  std::uint64_t bytes_sent = 0;
  std::map<std::string, long> outcomes;  // "429", "closed", "reset", ...

  void opened() { peak_open = std::max(peak_open, ++open); }
  void ended(const std::string& outcome) {
    --open;
    ++outcomes[outcome];
  }
};

struct Load {
  explicit Load(Options o) : options(std::move(o)), rng(std::random_device{}()) {}
  Options options;
  asio::io_context ioc{1};
  tcp::endpoint server;
  std::mt19937_64 rng;
  std::string noise;  // what the uploads send, over and over
  Clock::time_point start = Clock::now();
  bool ready_printed = false;
  Tally idle, slowloris, login, padded, upload;
};

// One request on one connection: a writer (the caller) and a reader of the status line.
struct Exchange {
  explicit Exchange(asio::any_io_executor ex) : wake(ex) {}
  std::string outcome;
  bool done = false;
  asio::steady_timer wake;  // the caller waits on it; the reader cancels it when done
};

std::string outcome_of(const error_code& ec) {
  if (ec == asio::error::eof) return "closed";
  if (ec == asio::error::connection_reset) return "reset";
  if (ec == asio::error::operation_aborted) return "no answer";
  return "error: " + ec.message();
}

// The status of the server's answer ("400"), or what ended the connection without one.
asio::awaitable<std::string> read_status(tcp::socket& socket) {
  std::string head;
  std::array<char, 1024> buf;
  for (;;) {
    error_code ec;
    const std::size_t n = co_await socket.async_read_some(
        asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
    head.append(buf.data(), n);
    // "HTTP/1.1 200 ..."; an interim "100 Continue" is skipped.
    while (head.size() >= 12 && head.compare(0, 5, "HTTP/") == 0) {
      std::string status = head.substr(9, 3);
      if (status[0] != '1') co_return status;
      const auto end = head.find("\r\n\r\n");
      if (end == std::string::npos) break;
      head.erase(0, end + 4);
    }
    if (head.size() >= 12 && head.compare(0, 5, "HTTP/") != 0) co_return "garbage";
    if (ec) co_return outcome_of(ec);
  }
}

asio::awaitable<void> sleep_for(double seconds) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)));
  error_code ec;
  co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

// Connects a new socket, from `source` when it is not empty.
asio::awaitable<error_code> connect(Load& load, tcp::socket& socket, const std::string& source) {
  error_code ec;
  if (!source.empty()) {
    socket.open(tcp::v4(), ec);
    if (!ec) socket.bind(tcp::endpoint(asio::ip::make_address(source), 0), ec);
    if (ec) co_return ec;
  }
  co_await socket.async_connect(load.server, asio::redirect_error(asio::use_awaitable, ec));
  co_return ec;
}

// Sends bytes at `rate` bytes/s at most (0: as fast as the socket takes them), from the
// moment `t0` at which `sent` was 0. Stops early when the exchange is done.
struct Pacer {
  double rate;
  Clock::time_point t0 = Clock::now();
  std::uint64_t sent = 0;

  asio::awaitable<bool> send(tcp::socket& socket, Exchange& x, Tally& tally, const char* data,
                             std::size_t size) {
    if (rate > 0) {
      const auto due = t0 + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(double(sent) / rate));
      if (due > Clock::now()) {
        asio::steady_timer t(socket.get_executor());
        t.expires_at(due);
        error_code ignored;
        co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
      }
    }
    if (x.done) co_return false;
    error_code ec;
    co_await asio::async_write(socket, asio::buffer(data, size),
                               asio::redirect_error(asio::use_awaitable, ec));
    sent += size;
    tally.bytes_sent += size;
    co_return !ec && !x.done;
  }
  // How much to send at once: about a twentieth of a second's worth.
  std::size_t piece(std::size_t most) const {
    if (rate <= 0) return most;
    return std::clamp<std::size_t>(static_cast<std::size_t>(rate / 20), 1, most);
  }
};

// Runs `send` while a reader waits for the answer; returns the answer or what ended it.
// `patience` is how long to wait for an answer once everything is sent.
asio::awaitable<std::string> exchange(
    tcp::socket& socket, double patience,
    const std::function<asio::awaitable<void>(tcp::socket&, Exchange&)>& send) {
  auto x = std::make_shared<Exchange>(socket.get_executor());
  asio::co_spawn(
      socket.get_executor(),
      [&socket, x]() -> asio::awaitable<void> {
        x->outcome = co_await read_status(socket);
        x->done = true;
        x->wake.cancel();
        error_code ignored;
        socket.cancel(ignored);  // stops a write in progress
      },
      asio::detached);
  co_await send(socket, *x);
  if (!x->done) {
    x->wake.expires_after(
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(patience)));
    error_code ec;
    co_await x->wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  while (!x->done) {  // no answer in time: stop the reader and wait for it
    error_code ignored;
    socket.cancel(ignored);
    x->wake.expires_after(std::chrono::seconds(1));
    co_await x->wake.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  co_return x->outcome;
}

// Opens a connection and holds it without sending anything, again when the server closes it.
asio::awaitable<void> idle_client(Load& load) {
  for (;;) {
    tcp::socket socket(load.ioc);
    ++load.idle.started;
    if (auto ec = co_await connect(load, socket, ""); ec) {
      ++load.idle.outcomes["connect failed"];
      co_await sleep_for(0.1);
      continue;
    }
    load.idle.opened();
    if (!load.ready_printed && load.idle.open == load.options.idle) {
      load.ready_printed = true;
      std::printf("READY %d idle connections open after %.1f s\n", load.options.idle,
                  std::chrono::duration<double>(Clock::now() - load.start).count());
      std::fflush(stdout);
    }
    load.idle.ended(co_await read_status(socket));
    co_await sleep_for(0.1);
  }
}

// Sends a request header one byte every few seconds, never finishing it.
asio::awaitable<void> slowloris_client(Load& load, double delay) {
  co_await sleep_for(delay);  // spread the clients over one interval
  const std::string head = "GET /healthz HTTP/1.1\r\n" + load.options.host_line + "X-Slow: ";
  const double interval = load.options.slowloris_interval;
  for (;;) {
    tcp::socket socket(load.ioc);
    ++load.slowloris.started;
    if (auto ec = co_await connect(load, socket, ""); ec) {
      ++load.slowloris.outcomes["connect failed"];
      co_await sleep_for(1);
      continue;
    }
    load.slowloris.opened();
    const std::string outcome =
        co_await exchange(socket, 1, [&](tcp::socket& s, Exchange& x) -> asio::awaitable<void> {
          for (std::size_t i = 0; !x.done; ++i) {
            const char byte = i < head.size() ? head[i] : 'a';
            error_code ec;
            co_await asio::async_write(s, asio::buffer(&byte, 1),
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (ec) co_return;
            ++load.slowloris.bytes_sent;
            co_await sleep_for(interval);
          }
        });
    load.slowloris.ended(outcome);
  }
}

// One login with a random email, on its own connection.
asio::awaitable<void> login_attempt(Load& load) {
  tcp::socket socket(load.ioc);
  ++load.login.started;
  std::string source;
  if (load.options.login_sources > 0) {
    source = "127.0.1." + std::to_string(load.login.started % load.options.login_sources + 1);
  }
  if (auto ec = co_await connect(load, socket, source); ec) {
    ++load.login.outcomes["connect failed"];
    co_return;
  }
  load.login.opened();
  char email[64];
  std::snprintf(email, sizeof email, "nobody-%016llx@abuse.example",
                static_cast<unsigned long long>(load.rng()));
  const std::string body =
      std::string("{\"email\":\"") + email + "\",\"password\":\"not the password\"}";
  const std::string request = "POST /api/v1/auth/token/ HTTP/1.1\r\n" + load.options.host_line +
                              "Content-Type: application/json\r\nConnection: close\r\n"
                              "Content-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n" + body;
  const std::string outcome =
      co_await exchange(socket, 60, [&](tcp::socket& s, Exchange&) -> asio::awaitable<void> {
        error_code ec;
        co_await asio::async_write(s, asio::buffer(request),
                                   asio::redirect_error(asio::use_awaitable, ec));
        load.login.bytes_sent += request.size();
      });
  load.login.ended(outcome);
}

// Starts logins at a steady rate, whatever becomes of them.
asio::awaitable<void> login_flood(Load& load) {
  if (load.options.logins_per_second <= 0) co_return;
  const auto period = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(1.0 / load.options.logins_per_second));
  asio::steady_timer t(load.ioc);
  auto next = Clock::now();
  for (;;) {
    asio::co_spawn(load.ioc, login_attempt(load), asio::detached);
    next += period;
    t.expires_at(next);
    error_code ec;
    co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

// A multipart answer whose body is "--B" and then spaces, sent steadily, never ending.
asio::awaitable<void> padded_client(Load& load) {
  const std::uint64_t declared = load.options.upload_bytes;  // within the media limit
  const std::string head = "POST /api/v1/interview/answers/ HTTP/1.1\r\n" + load.options.host_line +
                           "Authorization: Token " + load.options.token +
                           "\r\nContent-Type: multipart/form-data; boundary=B\r\n"
                           "Content-Length: " +
                           std::to_string(declared) + "\r\n\r\n--B";
  const std::string spaces(256 * 1024, ' ');
  for (;;) {
    tcp::socket socket(load.ioc);
    ++load.padded.started;
    if (auto ec = co_await connect(load, socket, ""); ec) {
      ++load.padded.outcomes["connect failed"];
      co_await sleep_for(load.options.pause);
      continue;
    }
    load.padded.opened();
    const std::string outcome =
        co_await exchange(socket, 30, [&](tcp::socket& s, Exchange& x) -> asio::awaitable<void> {
          Pacer pacer{load.options.padded_rate};
          if (!co_await pacer.send(s, x, load.padded, head.data(), head.size())) co_return;
          while (pacer.sent < declared) {
            const std::size_t n =
                std::min<std::uint64_t>(pacer.piece(spaces.size()), declared - pacer.sent);
            if (!co_await pacer.send(s, x, load.padded, spaces.data(), n)) co_return;
          }
        });
    load.padded.ended(outcome);
    co_await sleep_for(load.options.pause);
  }
}

// The request head and the form around the file of one upload: a multipart answer to
// the screening's video question, or a presigned PUT.
struct UploadShape {
  std::string head, prefix, suffix;
};

UploadShape upload_shape(const Options& o, int slot) {
  UploadShape u;
  if (!o.presigned.empty() && slot % 2 == 1) {
    const std::string& target =
        o.presigned[static_cast<std::size_t>(slot / 2) % o.presigned.size()];
    u.head = "PUT " + target + " HTTP/1.1\r\n" + o.host_line + "Content-Type: video/mp4\r\n" +
             "Content-Length: " + std::to_string(o.upload_bytes) + "\r\n\r\n";
    return u;
  }
  const std::string b = "abuse-7f3a9c1e5d";
  u.prefix = "--" + b + "\r\nContent-Disposition: form-data; name=\"screening_id\"\r\n\r\n" +
             o.screening + "\r\n--" + b +
             "\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\n" + o.question +
             "\r\n--" + b +
             "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"big.mp4\"\r\n"
             "Content-Type: video/mp4\r\n\r\n";
  u.suffix = "\r\n--" + b + "--\r\n";
  const std::uint64_t length = u.prefix.size() + o.upload_bytes + u.suffix.size();
  u.head = "POST /api/v1/interview/answers/ HTTP/1.1\r\n" + o.host_line + "Authorization: Token " +
           o.token + "\r\nContent-Type: multipart/form-data; boundary=" + b +
           "\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
  return u;
}

// Uploads one large file after another, generated on the fly.
asio::awaitable<void> upload_client(Load& load, int slot) {
  const UploadShape shape = upload_shape(load.options, slot);
  const std::string key =
      load.options.presigned.empty() || slot % 2 == 0 ? "multipart" : "presigned";
  for (;;) {
    tcp::socket socket(load.ioc);
    ++load.upload.started;
    if (auto ec = co_await connect(load, socket, ""); ec) {
      ++load.upload.outcomes[key + " connect failed"];
      co_await sleep_for(load.options.pause);
      continue;
    }
    load.upload.opened();
    const std::string outcome =
        co_await exchange(socket, 120, [&](tcp::socket& s, Exchange& x) -> asio::awaitable<void> {
          Pacer pacer{load.options.upload_rate};
          const std::string start = shape.head + shape.prefix;
          if (!co_await pacer.send(s, x, load.upload, start.data(), start.size())) co_return;
          std::uint64_t left = load.options.upload_bytes;
          std::size_t offset = static_cast<std::size_t>(slot) * 4096 % load.noise.size();
          while (left > 0) {
            std::size_t n = std::min<std::uint64_t>(pacer.piece(256 * 1024), left);
            n = std::min(n, load.noise.size() - offset);
            if (!co_await pacer.send(s, x, load.upload, load.noise.data() + offset, n)) co_return;
            left -= n;
            offset = (offset + n) % load.noise.size();
          }
          co_await pacer.send(s, x, load.upload, shape.suffix.data(), shape.suffix.size());
        });
    load.upload.ended(key + " " + outcome);
    co_await sleep_for(load.options.pause);
  }
}

void print_tally(std::string& out, const char* name, const Tally& t, bool last) {
  out += std::string("\"") + name + "\":{\"started\":" + std::to_string(t.started) +
         ",\"open\":" + std::to_string(t.open) + ",\"peak_open\":" + std::to_string(t.peak_open) +
         ",\"bytes_sent\":" + std::to_string(t.bytes_sent) + ",\"outcomes\":{";
  bool first = true;
  for (const auto& [k, v] : t.outcomes) {
    if (!first) out += ",";
    first = false;
    out += "\"" + k + "\":" + std::to_string(v);
  }
  out += last ? "}}" : "}},";
}

[[noreturn]] void finish(Load& load) {
  const double seconds = std::chrono::duration<double>(Clock::now() - load.start).count();
  std::string out = "ABUSE {\"seconds\":" + std::to_string(seconds) + ",";
  print_tally(out, "idle", load.idle, false);
  print_tally(out, "slowloris", load.slowloris, false);
  print_tally(out, "login", load.login, false);
  print_tally(out, "padded", load.padded, false);
  print_tally(out, "upload", load.upload, true);
  out += "}\n";
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
  std::_Exit(0);  // thousands of sockets and coroutines: the kernel tidies up faster
}

asio::awaitable<void> progress(Load& load) {
  for (;;) {
    co_await sleep_for(5);
    std::fprintf(stderr,
                 "bench_abuse %.0f s: idle %ld open, slowloris %ld open, logins %ld sent, "
                 "padded %ld sent, uploads %.0f MiB sent\n",
                 std::chrono::duration<double>(Clock::now() - load.start).count(), load.idle.open,
                 load.slowloris.open, load.login.started, load.padded.started,
                 double(load.upload.bytes_sent) / (1024 * 1024));
  }
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return false;
    const std::string value = argv[++i];
    if (flag == "--host")
      o.host = value;
    else if (flag == "--port")
      o.port = static_cast<unsigned short>(std::stoi(value));
    else if (flag == "--duration")
      o.duration = std::stod(value);
    else if (flag == "--idle")
      o.idle = std::stoi(value);
    else if (flag == "--slowloris")
      o.slowloris = std::stoi(value);
    else if (flag == "--slowloris-interval")
      o.slowloris_interval = std::stod(value);
    else if (flag == "--logins")
      o.logins_per_second = std::stod(value);
    else if (flag == "--login-sources")
      o.login_sources = std::clamp(std::stoi(value), 0, 254);
    else if (flag == "--padded")
      o.padded = std::stoi(value);
    else if (flag == "--padded-rate-kib")
      o.padded_rate = std::stod(value) * 1024;
    else if (flag == "--uploads")
      o.uploads = std::stoi(value);
    else if (flag == "--upload-mib")
      o.upload_bytes = std::stoull(value) * 1024 * 1024;
    else if (flag == "--upload-rate-mib")
      o.upload_rate = std::stod(value) * 1024 * 1024;
    else if (flag == "--pause")
      o.pause = std::stod(value);
    else if (flag == "--token")
      o.token = value;
    else if (flag == "--screening")
      o.screening = value;
    else if (flag == "--question")
      o.question = value;
    else if (flag == "--presigned")
      o.presigned.push_back(value);
    else
      return false;
  }
  o.host_line = "Host: " + o.host + ":" + std::to_string(o.port) + "\r\n";
  return o.port != 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse(argc, argv, options)) {
    std::fprintf(stderr,
                 "usage: bench_abuse --port P [--host H] [--duration S] [--idle N] "
                 "[--slowloris N] [--slowloris-interval S] [--logins PER_S] [--login-sources N] "
                 "[--padded N] [--padded-rate-kib K] [--uploads N] [--upload-mib M] "
                 "[--upload-rate-mib M] [--pause S] [--token T] [--screening S] [--question Q] "
                 "[--presigned PATH?QUERY ...]\n");
    return 2;
  }
  Load load(options);
  load.server = tcp::endpoint(asio::ip::make_address(options.host), options.port);
  // Incompressible bytes that never contain a CR, so no boundary can appear in them.
  load.noise.resize(1 << 20);
  for (auto& c : load.noise) {
    c = static_cast<char>(load.rng());
    if (c == '\r') c = 'x';
  }

  asio::signal_set signals(load.ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const error_code&, int) { finish(load); });
  asio::steady_timer deadline(load.ioc);
  deadline.expires_after(
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.duration)));
  deadline.async_wait([&](const error_code& ec) {
    if (!ec) finish(load);
  });

  for (int i = 0; i < options.idle; ++i)
    asio::co_spawn(load.ioc, idle_client(load), asio::detached);
  std::uniform_real_distribution<double> spread(0, options.slowloris_interval);
  for (int i = 0; i < options.slowloris; ++i) {
    asio::co_spawn(load.ioc, slowloris_client(load, spread(load.rng)), asio::detached);
  }
  asio::co_spawn(load.ioc, login_flood(load), asio::detached);
  if (!options.token.empty()) {
    for (int i = 0; i < options.padded; ++i) {
      asio::co_spawn(load.ioc, padded_client(load), asio::detached);
    }
    for (int i = 0; i < options.uploads; ++i) {
      asio::co_spawn(load.ioc, upload_client(load, i), asio::detached);
    }
  }
  asio::co_spawn(load.ioc, progress(load), asio::detached);
  load.ioc.run();
  return 0;
}
