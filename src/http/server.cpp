#include "http/server.h"

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

namespace tongbao::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Shared by the server and its connections: what a connection needs to know about shutdown.
struct Shared {
  Shared(const Router& r, ServerOptions o) : router(r), options(std::move(o)) {}
  const Router& router;
  ServerOptions options;
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};
};

Request to_request(const bhttp::request<bhttp::string_body>& in, const std::string& remote) {
  Request r;
  r.method = std::string(in.method_string());
  std::string_view target = in.target();
  auto q = target.find('?');
  r.path = percent_decode(target.substr(0, q), false);
  if (q != std::string_view::npos) r.query = parse_query(target.substr(q + 1));
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  r.body = in.body();
  r.remote = remote;
  return r;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket&& socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void start() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Connection::read, shared_from_this()));
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(shared_->options.body_limit);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(shared_->options.idle_timeout);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Connection::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted)
      return close();
    if (ec == bhttp::error::body_limit) {
      return reply_error(413, R"({"error":{"code":"payload_too_large","message":"The request body is larger than the server accepts.","field":null}})");
    }
    if (ec) return reply_error(400, R"({"error":{"code":"bad_request","message":"The request is not valid HTTP/1.1.","field":null}})");

    ++shared_->in_flight;
    auto req = parser_->release();
    Request request = to_request(req, remote_);
    Response response = shared_->router.dispatch(request);
    bool keep_alive = req.keep_alive() && !shared_->stopping.load();
    send(std::move(response), req.version(), keep_alive, req.method() == bhttp::verb::head, true);
  }

  void reply_error(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    send(std::move(r), 11, false, false, false);
  }

  void send(Response response, unsigned version, bool keep_alive, bool head, bool counted) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(response.status), version);
    res->set(bhttp::field::server, "tongbao");
    res->set(bhttp::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res->insert(name, value);
    res->body() = std::move(response.body);
    res->prepare_payload();
    if (head) res->body().clear();
    res->keep_alive(keep_alive);
    stream_.expires_after(shared_->options.idle_timeout);
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res, keep_alive, counted](beast::error_code ec, std::size_t) {
                         if (counted) --self->shared_->in_flight;
                         if (ec || !keep_alive) return self->close();
                         self->read();
                       });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<Shared> shared_;
  std::string remote_;
};

}  // namespace

struct Server::Impl {
  Impl(const Router& router, ServerOptions options)
      : shared(std::make_shared<Shared>(router, std::move(options))),
        ioc(shared->options.threads),
        acceptor(asio::make_strand(ioc)),
        signals(ioc, SIGINT, SIGTERM),
        drain_timer(ioc) {}

  void accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (!acceptor.is_open()) return;  // closed for shutdown
      } else {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Connection>(std::move(socket), shared)->start();
      }
      accept();
    });
  }

  void begin_shutdown() {
    if (shared->stopping.exchange(true)) return;
    asio::dispatch(acceptor.get_executor(), [this] {
      beast::error_code ec;
      acceptor.close(ec);
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
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer drain_timer;
  std::chrono::steady_clock::time_point deadline;
};

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
}

void Server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace tongbao::http
