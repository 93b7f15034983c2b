#pragma once
// The HTTP server (RESTinio on standalone asio): /api/v1/* goes to Api,
// everything else is the web application from `web_dir` (hashed assets cached
// for a year, index.html never cached, SPA fallback to index.html for unknown
// paths without a file extension).

#include <functional>
#include <string>

#include "base/error.hpp"
#include "http/api.hpp"

namespace anxiao::http {

struct ServeOptions {
  std::string address = "127.0.0.1";
  int port = 8080;
  int threads = 8;         // I/O threads: parse requests, answer reads and static files
  int write_workers = 64;  // API writes (POST, PATCH, DELETE) run here and join
                           // group commits; 0: writes run on the I/O threads
  std::string web_dir;     // web/dist; may be missing (a notice page is served)
  std::size_t max_body_bytes = 1 << 20;
  std::function<void(const std::string& url)> on_ready;  // after the socket is bound
  bool access_log = true;
};

// Runs until SIGINT or SIGTERM. kUnavailable if the address cannot be bound.
Status Serve(Api& api, const ServeOptions& opts);

// Percent-decoding and query parsing ('+' is a space in queries). Returns false
// on a malformed escape or invalid UTF-8. Written here rather than using
// RESTinio's parse_query so that every malformed query gets the same 400
// answer.
bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out);
bool ParseQuery(std::string_view query, std::map<std::string, std::string>* out);

// What the static side serves for `path`: status, content type, cache policy,
// body.
Response StaticResponse(const std::string& web_dir, const std::string& path, bool head);

}  // namespace anxiao::http
