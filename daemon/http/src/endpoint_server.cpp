#include "egovkpi/http/endpoint_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace egovkpi::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::ip::tcp;

namespace {

// A client that opens a connection and says nothing must not hold it forever.
constexpr auto kIdleTimeout = std::chrono::seconds(30);

bhttp::response<bhttp::string_body> Answer(const Routes& routes,
                                           const bhttp::request<bhttp::string_body>& request) {
  bhttp::response<bhttp::string_body> response;
  response.version(request.version());
  response.set(bhttp::field::server, "egovkpi");
  std::string_view target = request.target();
  target = target.substr(0, target.find('?'));
  auto route = routes.find(std::string(target));
  if (request.method() != bhttp::verb::get && request.method() != bhttp::verb::head) {
    response.result(bhttp::status::method_not_allowed);
    response.set(bhttp::field::allow, "GET, HEAD");
  } else if (route == routes.end()) {
    response.result(bhttp::status::not_found);
    response.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    response.body() = "not found\n";
  } else {
    EndpointReply reply = route->second();
    response.result(static_cast<unsigned>(reply.status));
    response.set(bhttp::field::content_type, reply.content_type);
    if (request.method() == bhttp::verb::get) response.body() = std::move(reply.body);
  }
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

asio::awaitable<void> Serve(beast::tcp_stream stream, const Routes& routes) {
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024);  // GET requests carry no meaningful body
    stream.expires_after(kIdleTimeout);
    auto [read_error, read_bytes] =
        co_await bhttp::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    if (read_error) break;
    auto response = Answer(routes, parser.get());
    stream.expires_after(kIdleTimeout);
    auto [write_error, written] =
        co_await bhttp::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
    if (write_error || !response.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> Accept(tcp::acceptor& acceptor, const Routes& routes) {
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (error == asio::error::operation_aborted) co_return;
    if (error) continue;  // e.g. too many open files: keep serving the others
    asio::co_spawn(acceptor.get_executor(), Serve(beast::tcp_stream(std::move(socket)), routes),
                   asio::detached);
  }
}

}  // namespace

struct EndpointServer::Impl {
  Routes routes;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::thread thread;
};

EndpointServer::EndpointServer(const std::string& address, std::uint16_t port, Routes routes)
    : impl_(std::make_unique<Impl>()) {
  impl_->routes = std::move(routes);
  beast::error_code error;
  const auto ip = asio::ip::make_address(address, error);
  if (error) throw std::runtime_error("invalid listen address '" + address + "'");
  const tcp::endpoint endpoint(ip, port);
  const auto where = address + ":" + std::to_string(port);
  impl_->acceptor.open(endpoint.protocol(), error);
  if (!error) impl_->acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) impl_->acceptor.bind(endpoint, error);
  if (!error) impl_->acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) throw std::runtime_error("cannot listen on " + where + ": " + error.message());

  asio::co_spawn(impl_->io, Accept(impl_->acceptor, impl_->routes), asio::detached);
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

EndpointServer::~EndpointServer() {
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::uint16_t EndpointServer::port() const { return impl_->acceptor.local_endpoint().port(); }

}  // namespace egovkpi::http
