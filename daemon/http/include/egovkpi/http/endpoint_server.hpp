// The daemon's HTTP endpoints (/metrics, /healthz): a small HTTP/1.1 server on its own
// thread that answers GET requests from fixed routes. Handlers must be fast and must never
// wait on the database: they read state that others keep up to date.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace egovkpi::http {

struct EndpointReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// Path (without query string) -> handler. Called on the server's thread.
using Routes = std::map<std::string, std::function<EndpointReply()>>;

class EndpointServer {
 public:
  // Binds and starts serving at once. Throws std::runtime_error naming the address when it
  // cannot bind (port taken, bad address): a start-up fault. Port 0 picks a free port.
  EndpointServer(const std::string& address, std::uint16_t port, Routes routes);
  // Stops accepting, closes connections and joins the thread.
  ~EndpointServer();
  EndpointServer(const EndpointServer&) = delete;
  EndpointServer& operator=(const EndpointServer&) = delete;

  [[nodiscard]] std::uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace egovkpi::http
