#include "http/server.h"

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/file_body.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <list>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <unistd.h>
#include <thread>
#include <vector>

#include "core/ip_range.h"
#include "http/answer_head.h"

namespace tongbao::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

class Connection;

// Shared by the server and its connections: shutdown, and the open connections for the cap.
struct Shared {
  Shared(const Router& r, ServerOptions o) : router(r), options(std::move(o)), defaults(options.default_headers) {
    for (const auto& text : options.trusted_proxies) {
      std::string why;
      auto range = core::parse_ip_range(text, &why);
      if (!range) throw std::invalid_argument("trusted proxy '" + text + "': " + why);
      trusted_proxies.push_back(*range);
    }
  }
  const Router& router;
  ServerOptions options;
  DefaultHeaders defaults;  // options.default_headers, joined once
  asio::thread_pool* write_pool = nullptr;  // owned by the server, which joins it before its loop goes
  std::vector<core::IpRange> trusted_proxies;
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};
  std::atomic<std::size_t> open{0};
  // Connections waiting for a request, longest waiting first: the first to go when room is needed.
  std::mutex idle_mutex;
  std::list<std::weak_ptr<Connection>> idle;
  std::atomic<std::int64_t> last_warning_ms{-1000000};

  // At most one line every ten seconds: a flood must not fill the log as well.
  void warn(const std::string& message) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now().time_since_epoch()).count();
    auto last = last_warning_ms.load();
    if (now - last < 10000 || !last_warning_ms.compare_exchange_strong(last, now)) return;
    std::fprintf(stderr, "%s\n", message.c_str());
    std::fflush(stderr);
  }
};

// 16 hex digits, random: names a request in the log, in X-Request-Id and inside error bodies.
std::string new_request_id() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  char id[17];
  std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(random()));
  return id;
}

// The request id on the answer: a header, and inside a JSON error body, so a screenshot of an
// error leads to its log line.
void mark_with_request_id(Response& response, const std::string& id) {
  response.with_header("X-Request-Id", id);
  constexpr std::string_view error_start = R"({"error":{)";
  if (response.status >= 400 && response.body.compare(0, error_start.size(), error_start) == 0)
    response.body.insert(error_start.size(), R"("request_id":")" + id + R"(",)");
}

template <typename Body>
Request to_request(const bhttp::request<Body>& in, const std::string& peer, const Shared& shared) {
  Request r;
  r.log = std::make_shared<RequestLog>();
  r.log->id = new_request_id();
  r.method = std::string(in.method_string());
  std::string_view target = in.target();
  auto q = target.find('?');
  r.path = percent_decode(target.substr(0, q), false);
  if (q != std::string_view::npos) r.query = parse_query(target.substr(q + 1));
  std::string forwarded_for;
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "x-forwarded-for") forwarded_for += (forwarded_for.empty() ? "" : ",") + std::string(field.value());
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  r.remote = shared.trusted_proxies.empty() ? peer : client_address(peer, forwarded_for, shared.trusted_proxies);
  return r;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket&& socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)) {
    ++shared_->open;
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  ~Connection() {
    leave_idle();
    if (!body_file_.empty()) std::remove(body_file_.c_str());  // a body cut off by a closed connection or shutdown
    --shared_->open;
  }

  void start() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Connection::read, shared_from_this()));
  }

  // Closes the connection to make room for a new one, unless a request arrived meanwhile.
  void evict() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->awaiting_request_) self->stream_.close();
    });
  }

  // Shared::idle_mutex held: the list entry is gone.
  void forget_idle_entry() { idle_entry_.reset(); }

 private:
  void enter_idle() {
    std::lock_guard lock(shared_->idle_mutex);
    if (!idle_entry_) idle_entry_ = shared_->idle.insert(shared_->idle.end(), weak_from_this());
  }

  void leave_idle() {
    std::lock_guard lock(shared_->idle_mutex);
    if (idle_entry_) shared_->idle.erase(*idle_entry_);
    idle_entry_.reset();
  }

  void read() {
    header_parser_.emplace();
    header_parser_->header_limit(16 * 1024);
    header_parser_->body_limit(boost::none);  // the limit depends on the route: checked in on_header
    enter_idle();
    awaiting_request_ = true;
    stream_.expires_after(shared_->options.idle_timeout);
    bhttp::async_read_header(stream_, buffer_, *header_parser_,
                             beast::bind_front_handler(&Connection::on_header, shared_from_this()));
  }

  // With the header in hand, the route decides where the body goes: memory, or a file on disk.
  void on_header(beast::error_code ec, std::size_t) {
    leave_idle();
    awaiting_request_ = false;
    if (ec) return on_read_error(ec);
    const auto& header = header_parser_->get();
    std::string_view target = header.target();
    const std::string path = percent_decode(target.substr(0, target.find('?')), false);
    const bool streamed = shared_->router.streams_body(std::string(header.method_string()), path);
    const std::size_t limit = streamed ? shared_->options.upload_limit : shared_->options.body_limit;
    // A declared length over the limit is refused before a byte of the body is read.
    if (auto length = header_parser_->content_length(); length && *length > limit)
      return on_read_error(bhttp::error::body_limit);
    if (streamed) {
      // Refused on its headers (not signed in, not allowed): answered before the body reaches the disk.
      Request head = to_request(header, remote_, *shared_);
      if (auto refused = shared_->router.admit(head)) {
        drain_after_reply_ = true;
        ++shared_->in_flight;
        return send(std::move(*refused), header.version(), false, false, true);
      }
      file_parser_.emplace(std::move(*header_parser_));
      file_parser_->body_limit(limit);
      static std::atomic<unsigned long> counter{0};
      body_file_ = shared_->options.upload_dir + "/upload-" + std::to_string(::getpid()) + "-" +
                   std::to_string(counter.fetch_add(1)) + ".part";
      file_parser_->get().body().open(body_file_.c_str(), beast::file_mode::write, ec);
      if (ec) {
        body_file_.clear();
        drain_after_reply_ = true;
        return reply_error(503, R"({"error":{"code":"server_busy","message":"The server cannot store the upload now; try again shortly.","field":null}})");
      }
      bhttp::async_read(stream_, buffer_, *file_parser_, beast::bind_front_handler(&Connection::on_file_body, shared_from_this()));
    } else if (header_parser_->is_done()) {
      // No body (most GETs): handled from the header, without a second read that would find nothing.
      Request request = to_request(header, remote_, *shared_);
      handle(std::move(request), header.version(), header.keep_alive(), header.method() == bhttp::verb::head);
    } else {
      string_parser_.emplace(std::move(*header_parser_));
      string_parser_->body_limit(limit);
      bhttp::async_read(stream_, buffer_, *string_parser_, beast::bind_front_handler(&Connection::on_body, shared_from_this()));
    }
  }

  void on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted)
      return close();
    if (ec == bhttp::error::body_limit) {
      drain_after_reply_ = true;  // the client is likely still sending: let it finish so it reads the answer
      return reply_error(413, R"({"error":{"code":"payload_too_large","message":"The request body is larger than the server accepts.","field":"body"}})");
    }
    return reply_error(400, R"({"error":{"code":"bad_request","message":"The request is not valid HTTP/1.1.","field":null}})");
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    auto req = string_parser_->release();
    Request request = to_request(req, remote_, *shared_);
    request.body = std::move(req.body());
    handle(std::move(request), req.version(), req.keep_alive(), req.method() == bhttp::verb::head);
  }

  void on_file_body(beast::error_code ec, std::size_t) {
    auto req = file_parser_->release();
    req.body().close();
    if (ec) {
      std::remove(body_file_.c_str());
      body_file_.clear();
      return on_read_error(ec);
    }
    Request request = to_request(req, remote_, *shared_);
    request.body_file = body_file_;
    handle(std::move(request), req.version(), req.keep_alive(), false, [this] {
      // Before the answer leaves: the handler moved the file away if it kept it; otherwise it goes now.
      std::remove(body_file_.c_str());
      body_file_.clear();
    });
  }

  // The answer may come at once (on this strand) or later from another thread (an async route:
  // password hashing, a queued write); either way it is sent from the connection's strand.
  // Meanwhile the request thread serves other connections, and this one reads nothing more until
  // it has answered. A handler that changes things and waits for its commit runs on the write
  // threads; one that only queues its write runs here.
  void handle(Request request, unsigned version, bool keep_alive, bool head, std::function<void()> before_answer = {}) {
    ++shared_->in_flight;
    auto answer = answer_for(request, version, keep_alive, head, std::move(before_answer));
    auto resolved = shared_->router.resolve(request);
    if (resolved.answer) return answer(std::move(*resolved.answer));
    const Route& route = *resolved.route;
    if (shared_->write_pool && changes_things(request.method) && !route.queues_its_write) {
      asio::post(*shared_->write_pool, [self = shared_from_this(), &route, request = std::move(request),
                                        answer = std::move(answer)]() mutable {
        self->shared_->router.run(route, request, answer, self->on_strand(route));
      });
      return;
    }
    shared_->router.run(route, request, answer, on_strand(route));
  }

  static bool changes_things(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
  }

  // Runs work on this connection's strand, one of the request threads; only an async route's
  // answer needs it (a plain handler answers where it runs).
  Responder::Post on_strand(const Route& route) {
    if (!route.async_handler) return {};
    return [self = shared_from_this()](std::function<void()> work) {
      asio::post(self->stream_.get_executor(), std::move(work));
    };
  }

  // Sends a request's answer from the connection's strand, whichever thread gives it.
  Responder::Send answer_for(const Request& request, unsigned version, bool keep_alive, bool head,
                             std::function<void()> before_answer) {
    return [self = shared_from_this(), version, keep_alive, head, log = request.log, method = request.method,
            remote = request.remote, before_answer = std::move(before_answer)](Response response) {
      asio::dispatch(self->stream_.get_executor(), [self, version, keep_alive, head, before_answer, log, method, remote,
                                                    response = std::move(response)]() mutable {
        if (before_answer) before_answer();
        self->record(response, *log, method, remote);
        self->send(std::move(response), version, keep_alive && !self->shared_->stopping.load(), head, true);
      });
    };
  }

  // The request id on the answer, and the answer in the log (and what went wrong, for a 500).
  void record(Response& response, const RequestLog& log, const std::string& method, const std::string& remote) {
    mark_with_request_id(response, log.id);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - log.started).count();
    if (shared_->options.metrics) shared_->options.metrics->observe(method, log.route, response.status, ms / 1000);
    const auto& out = shared_->options.log;
    if (!out) return;
    std::error_code ec;
    const auto bytes = response.file_path.empty() ? response.body.size() : std::filesystem::file_size(response.file_path, ec);
    out->request({log.id, method, log.route, log.actor, remote, response.status, std::round(ms * 1000) / 1000,
                  ec ? 0 : static_cast<unsigned long long>(bytes)});
    if (!response.log_detail.empty()) out->error(log.id, response.log_detail);
  }

  void reply_error(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    RequestLog log;
    log.id = new_request_id();
    record(r, log, "", remote_);
    send(std::move(r), 11, false, false, false);
  }

  void send(Response response, unsigned version, bool keep_alive, bool head, bool counted) {
    if (!response.file_path.empty() && head) {
      // The header GET would send, with the file's length, and not a byte of the file.
      std::error_code ec;
      const auto length = std::filesystem::file_size(response.file_path, ec);
      if (!ec) return write_whole(std::move(response), version, keep_alive, counted, true, length);
    }
    if (!response.file_path.empty()) {
      bhttp::file_body::value_type file;
      beast::error_code ec;
      file.open(response.file_path.c_str(), beast::file_mode::scan, ec);
      if (!ec) {
        auto res = std::make_shared<bhttp::response<bhttp::file_body>>(static_cast<bhttp::status>(response.status), version);
        res->body() = std::move(file);
        return write(res, response, keep_alive, counted);
      }
      response = Response{500, "application/json",
                          R"({"error":{"code":"internal_error","message":"The file is missing on the server.","field":null}})", {}};
    }
    if (response.next_piece) return write_in_pieces(std::move(response), version, keep_alive, counted, head);
    const auto length = response.body.size();
    write_whole(std::move(response), version, keep_alive, counted, head, length);
  }

  // An answer held in memory: its head and body leave in one gather write. For HEAD, the head
  // alone, saying the `length` GET would send.
  void write_whole(Response response, unsigned version, bool keep_alive, bool counted, bool head, std::size_t length) {
    struct Outgoing {
      std::string head, body;
    };
    auto out = std::make_shared<Outgoing>();
    out->head = answer_head(response, version, keep_alive, length, shared_->defaults);
    if (!head && !answer_has_no_body(response.status)) out->body = std::move(response.body);
    stream_.expires_after(shared_->options.idle_timeout);
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(out->head), asio::buffer(out->body)};
    asio::async_write(stream_, buffers, [self = shared_from_this(), out, keep_alive, counted](beast::error_code ec, std::size_t) {
      self->after_answer(ec, keep_alive, counted);
    });
  }

  template <typename Message>
  void set_headers(Message& res, const Response& response) {
    res.set(bhttp::field::server, "tongbao");
    res.set(bhttp::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res.insert(name, value);
    for (auto& [name, value] : shared_->options.default_headers)
      if (res.find(name) == res.end()) res.set(name, value);
  }

  // A chunked answer: the header, `body` as the first piece, then each piece as the one before
  // has been sent, so that memory holds one piece at a time however long the answer.
  void write_in_pieces(Response response, unsigned version, bool keep_alive, bool counted, bool head) {
    auto res = std::make_shared<bhttp::response<bhttp::empty_body>>(static_cast<bhttp::status>(response.status), version);
    set_headers(*res, response);
    res->keep_alive(keep_alive);
    res->chunked(true);  // for HEAD too: the header says what GET would send
    auto serializer = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*res);
    auto next = std::make_shared<std::function<std::string()>>(std::move(response.next_piece));
    auto first = std::make_shared<std::string>(std::move(response.body));
    stream_.expires_after(shared_->options.idle_timeout);
    bhttp::async_write_header(stream_, *serializer, [self = shared_from_this(), res, serializer, next, first, keep_alive,
                                                     counted, head](beast::error_code ec, std::size_t) {
      if (ec || head) return self->after_answer(ec, keep_alive, counted);
      self->write_piece(std::move(*first), next, keep_alive, counted);
    });
  }

  void write_piece(std::string piece, std::shared_ptr<std::function<std::string()>> next, bool keep_alive, bool counted) {
    if (piece.empty()) {
      try {
        piece = (*next)();
      } catch (...) {
        // The status has gone: all that is left is to cut the answer short, which the client sees.
        if (counted) --shared_->in_flight;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        return;
      }
    }
    stream_.expires_after(shared_->options.idle_timeout);
    if (piece.empty()) {
      return asio::async_write(stream_, bhttp::make_chunk_last(),
                               [self = shared_from_this(), keep_alive, counted](beast::error_code ec, std::size_t) {
                                 self->after_answer(ec, keep_alive, counted);
                               });
    }
    auto held = std::make_shared<std::string>(std::move(piece));
    asio::async_write(stream_, bhttp::make_chunk(asio::buffer(*held)),
                      [self = shared_from_this(), held, next, keep_alive, counted](beast::error_code ec, std::size_t) {
                        if (ec) return self->after_answer(ec, keep_alive, counted);
                        self->write_piece({}, next, keep_alive, counted);
                      });
  }

  void after_answer(beast::error_code ec, bool keep_alive, bool counted) {
    if (counted) --shared_->in_flight;
    if (!ec && drain_after_reply_) return drain(64ull * 1024 * 1024);
    if (ec || !keep_alive) return close();
    read();
  }

  template <typename Message>
  void write(std::shared_ptr<Message> res, const Response& response, bool keep_alive, bool counted) {
    set_headers(*res, response);
    res->prepare_payload();
    res->keep_alive(keep_alive);
    stream_.expires_after(shared_->options.idle_timeout);
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res, keep_alive, counted](beast::error_code ec, std::size_t) {
                         self->after_answer(ec, keep_alive, counted);
                       });
  }

  // Reads and discards what the client still sends (up to `budget` bytes, for a few seconds), so
  // that closing does not reset the connection before the client has read the error answer.
  void drain(std::uint64_t budget) {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(5));
    buffer_.consume(buffer_.size());
    stream_.async_read_some(buffer_.prepare(64 * 1024), [self = shared_from_this(), budget](beast::error_code ec, std::size_t n) {
      if (ec || n >= budget) return;
      self->drain(budget - n);
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
  std::optional<bhttp::request_parser<bhttp::string_body>> string_parser_;
  std::optional<bhttp::request_parser<bhttp::file_body>> file_parser_;
  std::string body_file_;  // the streamed body on disk, until it is handled
  bool drain_after_reply_ = false;
  bool awaiting_request_ = false;  // on the strand: between read() and its header
  std::shared_ptr<Shared> shared_;
  std::string remote_;
  std::optional<std::list<std::weak_ptr<Connection>>::iterator> idle_entry_;  // guarded by Shared::idle_mutex
};

// The connection that has waited longest for a request, taken off the idle list; null when none.
std::shared_ptr<Connection> take_longest_idle(Shared& shared) {
  std::lock_guard lock(shared.idle_mutex);
  while (!shared.idle.empty()) {
    auto candidate = shared.idle.front().lock();
    shared.idle.pop_front();
    if (candidate) {
      candidate->forget_idle_entry();
      return candidate;
    }
  }
  return nullptr;
}

bool out_of_descriptors(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

}  // namespace

struct Server::Impl {
  Impl(const Router& router, ServerOptions options)
      : shared(std::make_shared<Shared>(router, std::move(options))),
        ioc(shared->options.threads),
        acceptor(asio::make_strand(ioc)),
        accept_timer(acceptor.get_executor()),
        signals(ioc, SIGINT, SIGTERM),
        drain_timer(ioc) {
    if (shared->options.write_threads > 0) {
      write_pool = std::make_unique<asio::thread_pool>(static_cast<std::size_t>(shared->options.write_threads));
      shared->write_pool = write_pool.get();
    }
    const std::string body =
        R"({"error":{"code":"server_busy","message":"The server has too many connections in use; try again shortly.","field":null}})";
    busy_answer = "HTTP/1.1 503 Service Unavailable\r\nServer: tongbao\r\nContent-Type: application/json\r\n"
                  "Retry-After: 1\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    for (const auto& [name, value] : shared->options.default_headers) busy_answer += name + ": " + value + "\r\n";
    busy_answer += "\r\n" + body;
  }

  void accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (!acceptor.is_open()) return;  // closed for shutdown
        if (out_of_descriptors(ec)) return pause_accepting(ec);
      } else {
        admit(std::move(socket));
      }
      accept();
    });
  }

  // The cap keeps idle connections from shutting everyone else out (health checks, sign-in): at
  // the cap the connection that has waited longest for a request is closed to make room, since a
  // waiting connection loses nothing a reconnect does not restore; only when every connection is
  // in the middle of a request does the newcomer get a quick 503. The cap itself sits below the
  // open-file limit (see app/), so descriptors remain for the database, uploads and mail.
  void admit(tcp::socket socket) {
    beast::error_code ec;
    const auto cap = shared->options.max_connections;
    if (shared->open.load() >= cap) {
      shared->warn("Connections: the limit of " + std::to_string(cap) +
                   " open connections is reached; closing the longest idle ones to make room (max-connections).");
      if (auto idle = take_longest_idle(*shared)) {
        idle->evict();
      } else {
        socket.non_blocking(true, ec);
        socket.write_some(asio::buffer(busy_answer), ec);
        socket.shutdown(tcp::socket::shutdown_send, ec);
        socket.close(ec);
        return;
      }
    }
    socket.set_option(tcp::no_delay(true), ec);
    std::make_shared<Connection>(std::move(socket), shared)->start();
  }

  // Out of file descriptors, accepting again at once fails again at once: the loop would spin.
  // Make room if an idle connection can go, and wait a moment before the next try.
  void pause_accepting(const beast::error_code& ec) {
    shared->warn("Connections: cannot accept (" + ec.message() + ") with " + std::to_string(shared->open.load()) +
                 " open connections; pausing 100 ms. Lower max-connections or raise the open-file limit.");
    if (auto idle = take_longest_idle(*shared)) idle->evict();
    accept_timer.expires_after(std::chrono::milliseconds(100));
    accept_timer.async_wait([this](beast::error_code wait_error) {
      if (!wait_error) accept();
    });
  }

  void begin_shutdown() {
    if (shared->stopping.exchange(true)) return;
    asio::dispatch(acceptor.get_executor(), [this] {
      beast::error_code ec;
      acceptor.close(ec);
      accept_timer.cancel();
    });
    deadline = std::chrono::steady_clock::now() + shared->options.shutdown_grace;
    wait_for_drain();
  }

  // Idle keep-alive connections hold no request; once nothing is in flight the loop can stop.
  void wait_for_drain() {
    if (shared->in_flight.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
      ioc.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([this](beast::error_code) { wait_for_drain(); });
  }

  std::shared_ptr<Shared> shared;
  asio::io_context ioc;
  std::unique_ptr<asio::thread_pool> write_pool;  // after ioc: joined before the loop's sockets go
  tcp::acceptor acceptor;
  asio::steady_timer accept_timer;  // on the acceptor's strand
  std::string busy_answer;          // the 503 sent over the cap, written whole at once
  asio::signal_set signals;
  asio::steady_timer drain_timer;
  std::chrono::steady_clock::time_point deadline;
};

std::size_t Server::open_connections() const { return impl_->shared->open.load(); }

Server::Server(const Router& router, ServerOptions options) : impl_(std::make_unique<Impl>(router, std::move(options))) {}
Server::~Server() = default;

void Server::listen() {
  auto& o = impl_->shared->options;
  beast::error_code ec;
  auto address = asio::ip::make_address(o.host, ec);
  if (ec) throw std::runtime_error("cannot listen on '" + o.host + "': not an IP address");
  tcp::endpoint endpoint{address, o.port};
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol());
  acc.set_option(asio::socket_base::reuse_address(true));
  acc.bind(endpoint, ec);
  if (ec) throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + ec.message());
  acc.listen(asio::socket_base::max_listen_connections);
  // Bodies left by a server that stopped in the middle of an upload.
  std::error_code fs_ec;
  for (const auto& entry : std::filesystem::directory_iterator(o.upload_dir, fs_ec)) {
    const auto name = entry.path().filename().string();
    if (name.rfind("upload-", 0) == 0 && entry.path().extension() == ".part") std::filesystem::remove(entry.path(), fs_ec);
  }
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run() {
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) impl_->begin_shutdown();
  });
  impl_->accept();
  const int n = std::max(1, impl_->shared->options.threads);
  std::vector<std::thread> threads;
  for (int i = 1; i < n; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  // Handlers still running finish before run() returns: they use what the caller tears down next.
  if (impl_->write_pool) impl_->write_pool->join();
}

void Server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace tongbao::http
