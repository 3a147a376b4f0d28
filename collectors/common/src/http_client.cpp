#include "egovkpi/collectors/http_client.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <charconv>
#include <exception>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <vector>

namespace egovkpi::collectors {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr std::string_view kUserAgent = "egovkpi/0.1";
// Status line and headers of a reply; generous for an API, small enough to bound memory.
constexpr std::uint32_t kHeaderLimit = 64u * 1024u;

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Retry-After as delta-seconds; an HTTP-date (or anything else) is ignored.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty() || value.size() > 9) return std::nullopt;  // 9 digits: no overflow
  long seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc{} || end != value.data() + value.size() || seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

FetchFailure Failure(FailureReason reason, std::string message) {
  return FetchFailure{reason, std::move(message), std::nullopt};
}

// The transport outcome of one exchange, filled in by the coroutine.
struct Exchange {
  bool done = false;
  bool cancelled = false;  // set on the io_context's thread by the stop callback
  std::string step;        // the operation that failed, for the message
  error_code ec;
  HttpResponse response;
};

}  // namespace

struct HttpClient::Impl {
  HttpClientOptions options;
  bool https = false;
  std::string host;         // without brackets
  bool host_is_ip = false;  // no SNI for IP literals (RFC 6066)
  std::string port;
  std::string host_header;  // host[:port] as sent in Host
  std::string path_prefix;  // without a trailing slash
  std::optional<ssl::context> tls;

  explicit Impl(HttpClientOptions opts) : options(std::move(opts)) {
    // Error messages quote the URL unless it might hold credentials (user:password@host).
    const std::string quoted = options.base_url.find('@') == std::string::npos
                                   ? "base_url '" + options.base_url + "'"
                                   : std::string("base_url");
    const auto parsed = boost::urls::parse_absolute_uri(options.base_url);
    if (!parsed) {
      throw std::invalid_argument(quoted + " is not an absolute URL");
    }
    const boost::urls::url_view& url = *parsed;
    if (url.scheme_id() == boost::urls::scheme::https) {
      https = true;
    } else if (url.scheme_id() != boost::urls::scheme::http) {
      throw std::invalid_argument(quoted + ": scheme must be http or https");
    }
    if (url.has_userinfo() || url.has_query() || url.has_fragment()) {
      throw std::invalid_argument(quoted + ": user info, query and fragment are not allowed");
    }
    bool loopback = false;
    switch (url.host_type()) {
      case boost::urls::host_type::ipv4:
        host_is_ip = true;
        loopback = url.host_ipv4_address().is_loopback();
        break;
      case boost::urls::host_type::ipv6:
        host_is_ip = true;
        loopback = url.host_ipv6_address().is_loopback();
        break;
      case boost::urls::host_type::name:
        loopback = IEquals(url.host_address(), "localhost");
        break;
      default:
        throw std::invalid_argument(quoted + ": unsupported host");
    }
    host = url.host_address();
    if (host.empty()) throw std::invalid_argument(quoted + ": no host");
    if (!https && !loopback) {
      throw std::invalid_argument(quoted +
                                  ": plain http is only allowed to a loopback host; use https");
    }
    if (url.has_port()) {
      // url.port_number() wraps values over 65535, so the digits are checked here.
      const std::string_view digits = url.port();
      unsigned long number = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
      if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() ||
          number == 0 || number > 65535) {
        throw std::invalid_argument(quoted + ": invalid port");
      }
      port = std::to_string(number);
    } else {
      port = https ? "443" : "80";
    }
    host_header = url.host_type() == boost::urls::host_type::ipv6 ? "[" + host + "]" : host;
    if (url.has_port()) host_header += ":" + port;
    path_prefix = url.encoded_path();
    while (!path_prefix.empty() && path_prefix.back() == '/') path_prefix.pop_back();
    if (options.timeout <= std::chrono::milliseconds::zero()) {
      throw std::invalid_argument("timeout must be positive");
    }

    if (https) {
      tls.emplace(ssl::context::tls_client);
      tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
      if (options.tls_verify) {
        tls->set_verify_mode(ssl::verify_peer);
        error_code ec;
        if (options.ca_file.empty()) {
          tls->set_default_verify_paths(ec);
        } else {
          tls->load_verify_file(options.ca_file, ec);
        }
        if (ec) {
          throw std::invalid_argument(
              "cannot load CA certificates" +
              (options.ca_file.empty() ? std::string() : " from '" + options.ca_file + "'") + ": " +
              ec.message());
        }
      } else {
        tls->set_verify_mode(ssl::verify_none);
      }
    }
  }

  std::string Target(const std::string& path) const {
    if (path.empty()) return path_prefix.empty() ? "/" : path_prefix;
    if (path.front() == '/') return path_prefix + path;
    if (path.front() == '?') return (path_prefix.empty() ? "/" : path_prefix) + path;
    return path_prefix + "/" + path;
  }

  // Resolves host:port with a timeout (a resolver has no expiry of its own).
  asio::awaitable<std::vector<tcp::endpoint>> Resolve(tcp::resolver& resolver, Exchange& ex) {
    std::vector<tcp::endpoint> endpoints;
    const auto port_number = static_cast<unsigned short>(std::stoul(port));
    if (host_is_ip) {
      const auto address = asio::ip::make_address(host, ex.ec);
      if (!ex.ec) endpoints.emplace_back(address, port_number);
      co_return endpoints;
    }
    asio::steady_timer timer(resolver.get_executor());
    bool timed_out = false;
    timer.expires_after(options.timeout);
    timer.async_wait([&](error_code ec) {
      if (!ec) {
        timed_out = true;
        resolver.cancel();
      }
    });
    const auto results = co_await resolver.async_resolve(
        host, port, asio::redirect_error(asio::use_awaitable, ex.ec));
    timer.cancel();
    if (timed_out) ex.ec = beast::error::timeout;
    for (const auto& entry : results) endpoints.push_back(entry.endpoint());
    co_return endpoints;
  }

  template <typename Stream>
  asio::awaitable<void> WriteAndRead(Stream& stream, const HttpRequest& request, Exchange& ex) {
    auto& lowest = beast::get_lowest_layer(stream);
    http::request<http::string_body> req;
    const http::verb verb = http::string_to_verb(request.method);
    if (verb == http::verb::unknown) {
      ex.step = "request";
      ex.ec = asio::error::invalid_argument;
      co_return;
    }
    req.method(verb);
    req.target(Target(request.path));
    req.version(11);
    req.set(http::field::host, host_header);
    req.set(http::field::user_agent, kUserAgent);
    req.set(http::field::accept, "application/json");
    req.set(http::field::connection, "close");
    if (!request.body.empty()) req.set(http::field::content_type, "application/json");
    for (const auto& [name, value] : request.headers) req.set(name, value);
    req.body() = request.body;
    req.prepare_payload();

    ex.step = "write";
    if (ex.cancelled) co_return;
    lowest.expires_after(options.timeout);
    co_await http::async_write(stream, req, asio::redirect_error(asio::use_awaitable, ex.ec));
    if (ex.ec || ex.cancelled) co_return;

    ex.step = "read";
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(options.max_response_bytes);
    lowest.expires_after(options.timeout);
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ex.ec));
    if (ex.ec || ex.cancelled) co_return;

    auto& res = parser.get();
    ex.response.status = static_cast<int>(res.result_int());
    if (const auto it = res.find(http::field::retry_after); it != res.end()) {
      ex.response.retry_after = ParseRetryAfter(it->value());
    }
    ex.response.body = std::move(res.body());
    ex.done = true;
    lowest.close();
  }

  // The whole exchange; `tls_stream` is null for plain http, else it wraps `tcp_stream`.
  template <typename Stream>
  asio::awaitable<void> Run(Stream& stream, tcp::resolver& resolver, const HttpRequest& request,
                            Exchange& ex) {
    beast::tcp_stream& tcp_stream = beast::get_lowest_layer(stream);
    ex.step = "resolve";
    const auto endpoints = co_await Resolve(resolver, ex);
    if (ex.ec || ex.cancelled) co_return;

    ex.step = "connect";
    tcp_stream.expires_after(options.timeout);
    co_await tcp_stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ex.ec));
    if (ex.ec || ex.cancelled) co_return;

    if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
      ex.step = "TLS handshake";
      if (!host_is_ip && SSL_set_tlsext_host_name(stream.native_handle(), host.c_str()) != 1) {
        ex.ec = error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
        co_return;
      }
      if (options.tls_verify) stream.set_verify_callback(ssl::host_name_verification(host));
      tcp_stream.expires_after(options.timeout);
      co_await stream.async_handshake(ssl::stream_base::client,
                                      asio::redirect_error(asio::use_awaitable, ex.ec));
      if (ex.ec || ex.cancelled) co_return;
      // One request per connection: after the reply the TCP connection is simply closed; a
      // TLS close_notify would only add a round trip that can hang on a silent server.
    }
    co_await WriteAndRead(stream, request, ex);
  }

  template <typename Stream>
  Exchange RunOnce(asio::io_context& ioc, Stream& stream, const HttpRequest& request,
                   const std::stop_token& stop) {
    tcp::resolver resolver(ioc);
    Exchange ex;
    std::exception_ptr crashed;
    asio::co_spawn(ioc, Run(stream, resolver, request, ex),
                   [&crashed](std::exception_ptr e) { crashed = std::move(e); });
    {
      // A stop from another thread closes the socket on the io_context's own thread: the
      // pending operation completes at once with an error and the coroutine ends.
      const std::stop_callback on_stop(stop, [&] {
        asio::post(ioc, [&] {
          ex.cancelled = true;
          resolver.cancel();
          beast::get_lowest_layer(stream).close();
        });
      });
      ioc.run();
    }
    if (crashed) std::rethrow_exception(crashed);
    return ex;
  }
};

HttpClient::HttpClient(HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpClient::~HttpClient() = default;

FetchResult<HttpResponse> HttpClient::Send(const HttpRequest& request, std::stop_token stop) {
  if (stop.stop_requested()) return Failure(FailureReason::kCancelled, "stopping");

  // A private io_context per call: nothing is shared between calls or threads, and
  // destroying it at the end releases everything the exchange used.
  asio::io_context ioc(1);
  Exchange ex;
  if (impl_->https) {
    ssl::stream<beast::tcp_stream> stream(ioc, *impl_->tls);
    ex = impl_->RunOnce(ioc, stream, request, stop);
  } else {
    beast::tcp_stream stream(ioc);
    ex = impl_->RunOnce(ioc, stream, request, stop);
  }

  if (ex.done) return std::move(ex.response);
  if (ex.cancelled || stop.stop_requested()) {
    return Failure(FailureReason::kCancelled, "stopping");
  }
  const std::string where = request.method + " " + impl_->Target(request.path) + ": " + ex.step;
  if (ex.ec == beast::error::timeout) {
    return Failure(
        FailureReason::kTimeout,
        where + " timed out after " + std::to_string(impl_->options.timeout.count()) + " ms");
  }
  if (ex.ec == http::error::body_limit) {
    return Failure(FailureReason::kTooLarge, where + ": reply body over " +
                                                 std::to_string(impl_->options.max_response_bytes) +
                                                 " bytes");
  }
  if (ex.ec == http::error::header_limit) {
    return Failure(FailureReason::kTooLarge, where + ": reply headers too large");
  }
  return Failure(FailureReason::kNetwork, where + ": " + ex.ec.message());
}

}  // namespace egovkpi::collectors
