#include "egovkpi/sim/http_server.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cctype>
#include <exception>
#include <set>
#include <thread>

namespace egovkpi::sim {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr std::uint64_t kRequestBodyLimit = std::uint64_t{16} * 1024 * 1024;

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Serialize(const SimReply& reply) {
  if (reply.raw) return *reply.raw;
  std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " ";
  out += http::obsolete_reason(static_cast<http::status>(reply.status));
  out += "\r\n";
  bool has_content_type = false;
  for (const auto& [name, value] : reply.headers) {
    has_content_type = has_content_type || IEquals(name, "Content-Type");
    out.append(name).append(": ").append(value).append("\r\n");
  }
  if (!has_content_type) out += "Content-Type: application/json\r\n";
  out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
  out += "Connection: close\r\n\r\n";
  out += reply.cut_mid_body ? reply.body.substr(0, reply.body.size() / 2) : reply.body;
  return out;
}

}  // namespace

std::string SimRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (IEquals(key, name)) return value;
  }
  return {};
}

struct SimHttpServer::Impl {
  // What the destructor must close: the socket and the reply timer of each live connection.
  struct Connection {
    tcp::socket* socket;
    asio::steady_timer* timer;
  };

  Handler handler;
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::optional<ssl::context> tls;
  std::uint16_t port = 0;
  std::atomic<std::size_t> handled{0};
  // Touched only on the server thread.
  bool stopping = false;
  std::set<Connection*> connections;
  std::thread thread;

  Impl(Handler h, std::optional<SimTlsIdentity> identity, std::uint16_t listen_port)
      : handler(std::move(h)) {
    if (identity) {
      tls.emplace(ssl::context::tls_server);
      tls->use_certificate_chain(asio::buffer(identity->certificate_chain_pem));
      tls->use_private_key(asio::buffer(identity->private_key_pem), ssl::context::pem);
    }
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), listen_port);
    acceptor.open(endpoint.protocol());
    acceptor.bind(endpoint);
    acceptor.listen();
    port = acceptor.local_endpoint().port();
    asio::co_spawn(ioc, Accept(), [](const std::exception_ptr&) {});
    thread = std::thread([this] { ioc.run(); });
  }

  ~Impl() {
    asio::post(ioc, [this] {
      stopping = true;
      error_code ignored;
      acceptor.close(ignored);
      for (Connection* c : connections) {
        c->socket->close(ignored);
        c->timer->cancel();
      }
    });
    thread.join();
  }

  asio::awaitable<void> Accept() {
    for (;;) {
      error_code ec;
      tcp::socket socket =
          co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (stopping || !acceptor.is_open()) co_return;
      if (ec) continue;
      asio::co_spawn(ioc, Serve(std::move(socket)), [](const std::exception_ptr&) {});
    }
  }

  asio::awaitable<void> Serve(tcp::socket socket) {
    asio::steady_timer timer(ioc);
    Connection connection{&socket, &timer};
    connections.insert(&connection);
    struct Unregister {
      Impl* self;
      Connection* c;
      ~Unregister() { self->connections.erase(c); }
    } unregister{this, &connection};

    if (!tls) {
      co_await Exchange(socket, socket, timer);
      co_return;
    }
    ssl::stream<tcp::socket&> stream(socket, *tls);
    error_code ec;
    co_await stream.async_handshake(ssl::stream_base::server,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (ec || stopping) {
      socket.close(ec);
      co_return;
    }
    co_await Exchange(stream, socket, timer);
  }

  template <typename Stream>
  asio::awaitable<void> Exchange(Stream& stream, tcp::socket& socket, asio::steady_timer& timer) {
    error_code ec;
    boost::beast::flat_buffer buffer;
    http::request_parser<http::string_body> parser;
    parser.body_limit(kRequestBodyLimit);
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec || stopping) {
      socket.close(ec);
      co_return;
    }

    const auto& message = parser.get();
    SimRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    request.body = message.body();

    SimReply reply;
    try {
      reply = handler(request);
    } catch (const std::exception& e) {
      reply = SimReply::Json(std::string("fake server handler threw: ") + e.what(), 500);
      reply.headers.emplace_back("Content-Type", "text/plain");
    } catch (...) {
      reply = SimReply::Json("fake server handler threw", 500);
      reply.headers.emplace_back("Content-Type", "text/plain");
    }
    ++handled;

    if (stopping) co_return;
    if (reply.delay > std::chrono::milliseconds::zero()) {
      timer.expires_after(reply.delay);
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (stopping) co_return;
    }
    const std::string bytes = Serialize(reply);
    if (!bytes.empty()) {
      co_await asio::async_write(stream, asio::buffer(bytes),
                                 asio::redirect_error(asio::use_awaitable, ec));
    }
    // Half-close first so the client reads everything sent before it sees the end.
    socket.shutdown(tcp::socket::shutdown_send, ec);
    socket.close(ec);
  }
};

SimHttpServer::SimHttpServer(Handler handler, std::uint16_t port)
    : impl_(std::make_unique<Impl>(std::move(handler), std::nullopt, port)) {}

SimHttpServer::SimHttpServer(Handler handler, SimTlsIdentity tls)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(tls), 0)) {}

SimHttpServer::~SimHttpServer() = default;

std::uint16_t SimHttpServer::port() const { return impl_->port; }

std::string SimHttpServer::base_url() const {
  return std::string(impl_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port());
}

std::size_t SimHttpServer::requests_handled() const { return impl_->handled.load(); }

}  // namespace egovkpi::sim
