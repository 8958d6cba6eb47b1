#include "hello_world_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

namespace tongbao::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : stream_(std::move(socket)) {}
  void start() { read(); }

 private:
  void read() {
    request_ = {};
    bhttp::async_read(stream_, buffer_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->answer();
    });
  }

  void answer() {
    response_ = {bhttp::status::ok, request_.version()};
    response_.set(bhttp::field::server, "hello");
    response_.set(bhttp::field::content_type, "text/plain");
    response_.keep_alive(request_.keep_alive());
    response_.body() = "Hello, world!";
    response_.prepare_payload();
    bhttp::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec || !self->response_.keep_alive()) return;
      self->read();
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> request_;
  bhttp::response<bhttp::string_body> response_;
};

}  // namespace

struct HelloWorldServer::Impl {
  explicit Impl(int threads) : ioc(threads), acceptor(asio::make_strand(ioc)) {
    tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    accept();
    for (int i = 0; i < threads; ++i) runners.emplace_back([this] { ioc.run(); });
  }
  ~Impl() {
    ioc.stop();
    for (auto& t : runners) t.join();
  }

  void accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket))->start();
      accept();
    });
  }

  asio::io_context ioc;
  tcp::acceptor acceptor;
  std::vector<std::thread> runners;
};

HelloWorldServer::HelloWorldServer(int threads) : impl_(std::make_unique<Impl>(threads)) {}
HelloWorldServer::~HelloWorldServer() = default;
unsigned short HelloWorldServer::port() const { return impl_->acceptor.local_endpoint().port(); }

}  // namespace tongbao::bench
