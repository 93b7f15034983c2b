#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <restinio/all.hpp>
#include <sstream>
#include <thread>

#include "base/strings.hpp"
#include "http/access_log.hpp"

namespace anxiao::http {
namespace {

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
  }
  return "Status";
}

std::string ContentType(const std::string& ext) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  auto it = types.find(ToLowerAscii(ext));
  return it == types.end() ? "application/octet-stream" : it->second;
}

bool ReadFile(const std::filesystem::path& p, std::string* out) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  *out = ss.str();
  return true;
}

constexpr const char* kNoWebPage =
    "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>安校 "
    "Anxiao</title>"
    "<body style=\"font-family:sans-serif;max-width:40em;margin:4em "
    "auto\"><h1>安校 Anxiao</h1>"
    "<p>服务器正在运行，但网页前端尚未构建。请运行 <code>make "
    "build</code>。</p>"
    "<p>The server is running but the web front end has not been built. Run "
    "<code>make build</code>.</p>"
    "<p>API: <a href=\"/api/v1/health\">/api/v1/health</a>, <a "
    "href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a></p>";

void SecurityHeaders(Response* r) {
  r->Set("X-Content-Type-Options", "nosniff");
  r->Set("X-Frame-Options", "DENY");
  r->Set("Referrer-Policy", "same-origin");
}

}  // namespace

bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return IsValidUtf8(*out);
}

bool ParseQuery(std::string_view query, std::map<std::string, std::string>* out) {
  if (query.empty()) return true;
  for (const auto& part : Split(query, '&')) {
    if (part.empty()) continue;
    auto eq = part.find('=');
    std::string k, v;
    if (!PercentDecode(std::string_view(part).substr(0, eq), true, &k)) return false;
    if (eq != std::string::npos && !PercentDecode(std::string_view(part).substr(eq + 1), true, &v)) return false;
    (*out)[k] = v;
  }
  return true;
}

Response StaticResponse(const std::string& web_dir, const std::string& path, bool head) {
  namespace fs = std::filesystem;
  Response r;
  SecurityHeaders(&r);
  std::error_code ec;
  if (web_dir.empty() || !fs::exists(fs::path(web_dir) / "index.html", ec)) {
    r.body = kNoWebPage;
    r.Set("Content-Type", "text/html; charset=utf-8");
    r.Set("Cache-Control", "no-cache");
    return r;
  }
  // Reject traversal outright rather than normalising it.
  bool bad = path.find("..") != std::string::npos || path.find('\\') != std::string::npos ||
             path.find('\0') != std::string::npos;
  fs::path rel = path == "/" || path.empty() ? fs::path("index.html") : fs::path(path.substr(1));
  fs::path file = fs::path(web_dir) / rel;
  std::string body;
  if (!bad && path != "/" && fs::is_regular_file(file, ec) && ReadFile(file, &body)) {
    r.Set("Content-Type", ContentType(file.extension().string()));
    if (path.rfind("/assets/", 0) == 0)
      r.Set("Cache-Control", "public, max-age=31536000, immutable");
    else
      r.Set("Cache-Control", "no-cache");
    if (!head) r.body = std::move(body);
    return r;
  }
  // A missing file with an extension is a real 404; anything else is a
  // client-side route.
  auto last = path.substr(path.rfind('/') + 1);
  if (!bad && last.find('.') != std::string::npos && path != "/index.html") {
    r.status = 404;
    r.Set("Content-Type", "text/plain; charset=utf-8");
    r.body = "not found";
    return r;
  }
  if (!ReadFile(fs::path(web_dir) / "index.html", &body)) {
    r.status = 500;
    r.body = "cannot read index.html";
    return r;
  }
  r.Set("Content-Type", "text/html; charset=utf-8");
  r.Set("Cache-Control", "no-cache");
  r.Set("Content-Security-Policy",
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' "
        "'unsafe-inline'; connect-src 'self'; "
        "frame-ancestors 'none'");
  if (!head) r.body = std::move(body);
  return r;
}

namespace {

// Runs API writes off the I/O threads. A write waits for its group commit
// (store/sql: one fsync for many writes), so it blocks for a few milliseconds;
// with a pool of waiting threads, up to `threads` writes join each commit while
// the I/O threads keep reading requests and answering reads. RESTinio lets a
// response be completed from any thread (it posts the write to the connection's
// own executor).
class WorkerPool {
 public:
  explicit WorkerPool(int threads) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard g(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void Post(std::function<void()> job) {
    {
      std::lock_guard g(mu_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
  }

 private:
  void Run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [&] { return stop_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping and drained
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

// Counts the asynchronous writes handed to the store, so that Serve returns only when none of
// them can still post its completion to the io_context.
class InFlight {
 public:
  void Add() {
    std::lock_guard g(mu_);
    ++n_;
  }
  void Done() {
    std::lock_guard g(mu_);
    if (--n_ == 0) cv_.notify_all();
  }
  void Wait() {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return n_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::int64_t n_ = 0;
};

}  // namespace

Status Serve(Api& api, const ServeOptions& opts) {
  using traits_t = restinio::default_traits_t;
  asio::io_context ioctx;
  // Declared before the write workers so that it outlives them (their last responses are logged).
  auto access_log = opts.access_log ? std::make_unique<AccessLog>(stdout) : nullptr;
  auto writers = opts.write_workers > 0 ? std::make_unique<WorkerPool>(opts.write_workers) : nullptr;
  InFlight inflight;  // asynchronous writes whose completion has not been posted yet

  auto respond = [&access_log](const restinio::request_handle_t& req, const Request& r, const std::string& raw_path,
                               Response resp, std::chrono::steady_clock::time_point t0) {
    auto out = req->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)}, ReasonPhrase(resp.status)});
    for (auto& [k, v] : resp.headers) out.append_header(k, v);
    out.set_body(std::move(resp.body));
    out.done();
    if (access_log) {
      auto ms =
          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count() / 1000.0;
      access_log->Write(r.method, raw_path, resp.status, ms);
    }
  };

  auto handler = [&api, &opts, &respond, &writers, &ioctx,
                  &inflight](restinio::request_handle_t req) -> restinio::request_handling_status_t {
    auto t0 = std::chrono::steady_clock::now();
    Request r;
    r.method = std::string(req->header().method().c_str());
    std::string raw_path(req->header().path());
    Response resp;
    bool ok_path = PercentDecode(raw_path, false, &r.path);
    bool ok_query = ParseQuery(req->header().query(), &r.query);
    req->header().for_each_field(
        [&](const restinio::http_header_field_t& f) { r.headers[ToLowerAscii(f.name())] = f.value(); });
    try {
      r.remote = req->remote_endpoint().address().to_string();
    } catch (...) {
      r.remote = "?";
    }
    const bool api_path = raw_path.rfind("/api/", 0) == 0 || raw_path == "/api";
    Lang lang = LangOf(r.Header("accept-language"));
    if (!ok_path || !ok_query) {
      resp = ErrorResponse(InvalidInput("invalid_query", "malformed percent-encoding in the URL"), lang);
    } else if (req->body().size() > (raw_path == kEvidencePath ? std::max(opts.max_body_bytes, kEvidenceBodyLimit)
                                                               : opts.max_body_bytes)) {  // photos are larger
      resp = ErrorResponse(Error(ErrorCode::kTooLarge, "payload_too_large", "the request body is too large"), lang);
    } else if (api_path && r.method == "POST" && api.Defers(r)) {
      // Hazard writes: prepared here on the I/O thread (parsing, authentication, validation),
      // then handed to the group commit without a thread waiting for it. The commit's leader
      // posts the completion back to the I/O threads, which answer; nothing is acknowledged
      // before the commit that contains it is durable.
      r.body = req->body();
      Response pre = api.Prepare(r);
      if (!pre.deferred) {
        SecurityHeaders(&pre);
        respond(req, r, raw_path, std::move(pre), t0);
        return restinio::request_accepted();
      }
      auto deferred = std::move(pre.deferred);
      auto apply = deferred->apply;
      inflight.Add();
      api.store().WriteAsync(std::move(apply), [&ioctx, &respond, &inflight, req, r = std::move(r), raw_path, t0,
                                                deferred = std::move(deferred)](Status st) mutable {
        asio::post(ioctx, [&respond, req = std::move(req), r = std::move(r), raw_path = std::move(raw_path), t0,
                           deferred = std::move(deferred), st = std::move(st)]() mutable {
          Response w = deferred->finish(st);
          SecurityHeaders(&w);
          respond(req, r, raw_path, std::move(w), t0);
        });
        inflight.Done();
      });
      return restinio::request_accepted();
    } else if (writers && api_path && r.method != "GET" && r.method != "HEAD") {
      r.body = req->body();
      writers->Post([&api, &respond, req, r = std::move(r), raw_path, t0]() mutable {
        Response w = api.Handle(r);
        SecurityHeaders(&w);
        respond(req, r, raw_path, std::move(w), t0);
      });
      return restinio::request_accepted();
    } else if (api_path) {
      r.body = req->body();
      resp = api.Handle(r);
      SecurityHeaders(&resp);
    } else if (r.method == "GET" || r.method == "HEAD") {
      resp = StaticResponse(opts.web_dir, r.path, r.method == "HEAD");
    } else {
      resp = ErrorResponse(Error(ErrorCode::kInvalidInput, "method_not_allowed", "method not allowed"), lang);
    }
    respond(req, r, raw_path, std::move(resp), t0);
    return restinio::request_accepted();
  };

  restinio::http_server_t<traits_t> server{
      restinio::external_io_context(ioctx),
      restinio::server_settings_t<traits_t>{}
          .port(static_cast<std::uint16_t>(opts.port))
          .address(opts.address)
          .request_handler(std::move(handler))
          // The library's own limit only guards memory (it drops the
          // connection); bodies between our limit and 32 MiB get a proper 413
          // answer from the handler above.
          .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(
              std::max<std::size_t>(opts.max_body_bytes, std::size_t{32} << 20)))
          .handle_request_timeout(std::chrono::seconds(120))
          .read_next_http_message_timelimit(std::chrono::seconds(60))};
  try {
    server.open_sync();
  } catch (const std::exception& e) {
    return Fail(Unavailable(std::string("cannot listen on ") + opts.address + ":" + std::to_string(opts.port) + ": " +
                            e.what()));
  }
  asio::signal_set signals(ioctx, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int) {
    if (ec) return;
    spdlog::info("shutting down");
    server.close_async([&] { ioctx.stop(); }, [&](std::exception_ptr) { ioctx.stop(); });
  });
  if (opts.on_ready) opts.on_ready("http://" + opts.address + ":" + std::to_string(opts.port));
  std::vector<std::thread> pool;
  for (int i = 0; i < std::max(1, opts.threads); ++i) pool.emplace_back([&] { ioctx.run(); });
  for (auto& t : pool) t.join();
  writers.reset();  // finishes the writes already accepted, then joins
  inflight.Wait();  // no completion may be posted to ioctx once it is gone
  return {};
}

}  // namespace anxiao::http
