// Write-path benchmark (issue #4, BENCHMARKS.md): CLIENTS concurrent HTTP
// clients drive hazards through the closed loop against a running `anxiao`
// server — register, plan, start, progress, submit (as the school) and
// review/close (as the county) — and the program reports acknowledged writes
// per second with p50/p99 latency. Every write is durable when acknowledged
// (SQLite with synchronous=FULL, or PostgreSQL), so the rate is only possible
// with group commit.
//
// In the same run it measures the baseline the issue names: raw SQLite, one row
// per transaction (WAL, synchronous=FULL) from one thread, in BASELINE_DIR (put
// it on the server's file system).
//
//   anxiao_write_bench --url http://127.0.0.1:PORT --school-token T
//   --county-token T
//                      --school SCHOOL_ID [--clients 64] [--seconds 10]
//                      [--idempotency]
//                      [--baseline-dir DIR] [--label sqlite]
//
// The clients are minimal HTTP/1.1 keep-alive connections on POSIX sockets, all
// driven by one thread around epoll (the load generator shares the machine's
// cores with the server it measures, so it must cost little): enough for a
// benchmark of our own server, and no extra dependency.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sqlite3.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/sha256.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "write_bench: " << what << "\n";
  std::exit(1);
}

struct HttpResponse {
  int status = 0;
  std::string etag;
  std::string body;
};

// Takes one whole response off the front of buf, or returns nullopt while it is incomplete (a head
// too short for a status line gives status 0).
std::optional<HttpResponse> TakeResponse(std::string& buf) {
  std::size_t end = buf.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  std::string_view head(buf.data(), end);
  HttpResponse r;
  if (head.size() >= 12) r.status = std::atoi(buf.c_str() + 9);
  std::size_t len = 0;
  std::size_t pos = 0;
  while ((pos = head.find("\r\n", pos)) != std::string_view::npos) {
    pos += 2;
    std::size_t eol = head.find("\r\n", pos);
    std::string_view line = head.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    auto starts = [&](std::string_view name) {
      if (line.size() < name.size()) return false;
      for (std::size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
      return true;
    };
    if (starts("content-length:")) len = std::strtoul(std::string(line.substr(15)).c_str(), nullptr, 10);
    if (starts("etag:")) {
      r.etag = std::string(line.substr(5));
      r.etag.erase(std::remove_if(r.etag.begin(), r.etag.end(), [](char c) { return c == ' ' || c == '"'; }),
                   r.etag.end());
      if (r.etag.rfind("W/", 0) == 0) r.etag = r.etag.substr(2);
    }
  }
  if (buf.size() < end + 4 + len) return std::nullopt;
  r.body = buf.substr(end + 4, len);
  buf.erase(0, end + 4 + len);
  return r;
}

std::string RequestText(const std::string& host, const std::string& method, const std::string& path,
                        const std::string& token, const std::string& body, const std::string& content_type,
                        const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token +
                    "\r\nContent-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  req += "\r\n" + body;
  return req;
}

int ConnectTo(const std::string& host, int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &a.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) Die("cannot connect to " + host);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// A blocking one-request client, for the photo uploads before the run.
std::optional<HttpResponse> RequestOnce(const std::string& host, int port, const std::string& req) {
  int fd = ConnectTo(host, port);
  std::optional<HttpResponse> r;
  std::size_t off = 0;
  while (off < req.size()) {
    ssize_t n = send(fd, req.data() + off, req.size() - off, MSG_NOSIGNAL);
    if (n <= 0) break;
    off += static_cast<std::size_t>(n);
  }
  std::string buf;
  char tmp[16384];
  while (off == req.size() && !(r = TakeResponse(buf))) {
    ssize_t n = recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) break;
    buf.append(tmp, static_cast<std::size_t>(n));
  }
  close(fd);
  return r;
}

struct Args {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string school_token, county_token, school_id, baseline_dir, label = "server";
  int clients = 64;
  double seconds = 10;
  bool idempotency = false;
};

struct Totals {
  std::vector<double> latencies_ms;  // acknowledged writes only
  std::int64_t errors = 0;
  std::string first_error;
  std::int64_t hazards_closed = 0;
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// One client: its own keep-alive connection, taking hazards through the whole loop (register,
// plan, start, progress, submit as the school; review/close as the county), one request at a
// time, until the deadline. A failed step starts a new hazard; a lost connection is reopened and
// its unanswered write counted as an error, never resent (it may have landed).
class LoopClient {
 public:
  LoopClient(const Args& a, int index, const std::string& before_sha, const std::string& after_sha)
      : a_(a), index_(index) {
    register_body_ = Json{{"school_id", a.school_id},
                          {"source", "self"},
                          {"category", "fire"},
                          {"risk_level", "blue"},
                          {"description", "疏散通道堆放杂物（写入基准 " + std::to_string(index) + "）"},
                          {"location", "教学楼一层东侧楼梯口"},
                          {"evidence", Json::array({before_sha})}}
                         .dump();
    steps_ = {
        {"plan", &a.school_token,
         Json{{"measures", "清理杂物，张贴禁止堆放标识"}, {"responsible_person", "王建国"}}.dump()},
        {"start", &a.school_token, "{}"},
        {"progress", &a.school_token, Json{{"note", "杂物已清理一半"}}.dump()},
        {"submit", &a.school_token, Json{{"note", "已清理完毕"}, {"evidence", Json::array({after_sha})}}.dump()},
        {"review", &a.county_token, Json{{"decision", "close"}}.dump()},
    };
  }
  ~LoopClient() {
    if (fd_ >= 0) close(fd_);
  }
  int fd() const { return fd_; }

  // Opens the connection (non-blocking from then on) and sends the first request.
  void Start(int epoll_fd) {
    epoll_fd_ = epoll_fd;
    fd_ = ConnectTo(a_.host, a_.port);
    fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = this;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd_, &ev);
    SendNext();
  }

  // Reads what arrived; for each whole response, records it and sends the next request. Returns
  // false once the client is done (deadline passed with no request in flight).
  bool OnEvent(std::uint32_t events, Clock::time_point deadline, Totals* t) {
    if (events & EPOLLOUT) Flush();
    char tmp[16384];
    for (;;) {
      ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
      if (n > 0) {
        in_.append(tmp, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      Fail(t, "connection closed");  // the write in flight may have landed: counted, not resent
      Reopen();
      break;
    }
    while (auto r = TakeResponse(in_)) {
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent_at_).count();
      if (r->status >= 200 && r->status < 300) {
        t->latencies_ms.push_back(ms);
        if (step_ == 0) {
          auto j = Json::parse(r->body, nullptr, false);
          id_ = j.is_object() && j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : "";
        }
        version_ = r->etag;
        if (step_ == static_cast<int>(steps_.size())) ++t->hazards_closed;
        step_ = (step_ == static_cast<int>(steps_.size()) || id_.empty() || version_.empty()) ? 0 : step_ + 1;
      } else {
        Fail(t, std::to_string(r->status) + " " + r->body);
      }
      if (Clock::now() >= deadline) return false;
      SendNext();
    }
    return true;
  }

 private:
  struct Step {
    const char* action;
    const std::string* token;
    std::string body;
  };

  void Fail(Totals* t, const std::string& what) {
    ++t->errors;
    if (t->first_error.empty()) t->first_error = (step_ == 0 ? "register" : steps_[step_ - 1].action) + (" -> " + what);
    step_ = 0;
  }
  void Reopen() {
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd_, nullptr);
    close(fd_);
    in_.clear();
    Start(epoll_fd_);
  }
  void SendNext() {
    std::vector<std::pair<std::string, std::string>> hs;
    if (step_ > 0) hs.emplace_back("If-Match", "\"" + version_ + "\"");
    if (a_.idempotency) hs.emplace_back("Idempotency-Key", "wb-" + std::to_string(index_) + "-" + std::to_string(++n_));
    if (step_ == 0) {
      out_ = RequestText(a_.host, "POST", "/api/v1/hazards", a_.school_token, register_body_, "application/json", hs);
    } else {
      const Step& s = steps_[step_ - 1];
      out_ = RequestText(a_.host, "POST", "/api/v1/hazards/" + id_ + "/" + s.action, *s.token, s.body,
                         "application/json", hs);
    }
    out_off_ = 0;
    sent_at_ = Clock::now();
    Flush();
  }
  // Writes what the socket takes; waits for EPOLLOUT only when it takes less than all.
  void Flush() {
    while (out_off_ < out_.size()) {
      ssize_t n = send(fd_, out_.data() + out_off_, out_.size() - out_off_, MSG_NOSIGNAL);
      if (n <= 0) break;
      out_off_ += static_cast<std::size_t>(n);
    }
    epoll_event ev{};
    ev.events = EPOLLIN | (out_off_ < out_.size() ? EPOLLOUT : 0u);
    ev.data.ptr = this;
    if (ev.events != watching_) epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd_, &ev);
    watching_ = ev.events;
  }

  const Args& a_;
  int index_;
  std::string register_body_;
  std::vector<Step> steps_;
  int epoll_fd_ = -1;
  int fd_ = -1;
  std::uint32_t watching_ = EPOLLIN;
  std::string in_, out_;
  std::size_t out_off_ = 0;
  int step_ = 0;  // 0: register; k: steps_[k - 1]
  std::string id_, version_;
  std::uint64_t n_ = 0;
  Clock::time_point sent_at_;
};

// All clients on one thread around epoll: a load generator that needs little CPU of its own, since
// it shares the machine's cores with the server it measures (one thread per client spent ~25 µs
// of CPU per write on wake-ups, BENCHMARKS.md).
void RunClients(const Args& a, const std::string& before_sha, const std::string& after_sha, Clock::time_point deadline,
                Totals* totals) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) Die("epoll_create1 failed");
  std::vector<std::unique_ptr<LoopClient>> clients;
  for (int i = 0; i < a.clients; ++i) {
    clients.push_back(std::make_unique<LoopClient>(a, i, before_sha, after_sha));
    clients.back()->Start(ep);
  }
  std::size_t running = clients.size();
  std::vector<epoll_event> evs(clients.size());
  while (running > 0) {
    int n = epoll_wait(ep, evs.data(), static_cast<int>(evs.size()), 1000);
    if (n < 0 && errno != EINTR) Die("epoll_wait failed");
    for (int i = 0; i < n; ++i) {
      auto* c = static_cast<LoopClient*>(evs[static_cast<std::size_t>(i)].data.ptr);
      if (!c->OnEvent(evs[static_cast<std::size_t>(i)].events, deadline, totals)) {
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd(), nullptr);
        --running;
      }
    }
  }
  close(ep);
}

// A small valid image for the before/after photos, uploaded once (the server
// stores it once).
std::string UploadPhoto(const Args& a, const std::string& token, int shade) {
  // An 8×8 greyscale PNG built here (zlib "stored" block, so no compressor is
  // needed).
  auto crc32 = [](const std::string& s) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char ch : s) {
      c ^= ch;
      for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
  };
  auto be32 = [](std::uint32_t v) {
    std::string s(4, '\0');
    for (int i = 0; i < 4; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    return s;
  };
  auto chunk = [&](const std::string& type, const std::string& data) {
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
  };
  const int w = 8, h = 8;
  std::string raw;
  for (int y = 0; y < h; ++y) {
    raw += '\0';
    for (int x = 0; x < w; ++x) raw += static_cast<char>((shade + 16 * x + 8 * y) & 0xFF);
  }
  std::uint32_t s1 = 1, s2 = 0;
  for (unsigned char ch : raw) {
    s1 = (s1 + ch) % 65521;
    s2 = (s2 + s1) % 65521;
  }
  std::string z = "\x78\x01";
  z += '\x01';
  z += static_cast<char>(raw.size() & 0xFF);
  z += static_cast<char>(raw.size() >> 8);
  z += static_cast<char>(~raw.size() & 0xFF);
  z += static_cast<char>((~raw.size() >> 8) & 0xFF);
  z += raw + be32((s2 << 16) | s1);
  std::string ihdr = be32(w) + be32(h) + std::string("\x08\x00\x00\x00\x00", 5);
  std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", z) + chunk("IEND", "");
  auto r = RequestOnce(a.host, a.port, RequestText(a.host, "POST", "/api/v1/evidence", token, png, "image/png"));
  if (!r) Die("evidence upload: no answer");
  if (r->status == 200 || r->status == 201) return Json::parse(r->body).at("sha256").get<std::string>();
  // A server without the evidence endpoint takes bare SHA-256 references.
  if (r->status == 404 && r->body.find("route_not_found") != std::string::npos) return anxiao::Sha256Hex(png);
  Die("evidence upload: " + std::to_string(r->status) + " " + r->body);
}

// The baseline: raw SQLite, one row per transaction, WAL + synchronous=FULL,
// one thread.
void Baseline(const std::string& dir, double seconds) {
  const std::string path = dir + "/baseline.sqlite";
  std::remove(path.c_str());
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) Die("baseline: cannot open " + path);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE "
               "t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t (payload) VALUES (?)", -1, &ins, nullptr);
  const std::string payload(300, 'x');  // about the size of a journal entry
  std::vector<double> lat;
  auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  auto start = Clock::now();
  while (Clock::now() < end) {
    auto t0 = Clock::now();
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_bind_text(ins, 1, payload.data(), static_cast<int>(payload.size()), SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE) Die("baseline: insert failed");
    sqlite3_reset(ins);
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) Die("baseline: commit failed");
    lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  sqlite3_finalize(ins);
  sqlite3_close(db);
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
  std::size_t n = lat.size();
  double p50 = Percentile(lat, 0.50), p99 = Percentile(lat, 0.99);
  std::printf(
      "baseline  raw SQLite, 1 row per transaction (WAL, synchronous=FULL, 1 "
      "thread): %.0f commits/s  p50 %.2f ms  p99 %.2f ms  (%zu commits)\n",
      static_cast<double>(n) / secs, p50, p99, n);
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  std::string url;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + k);
      return argv[++i];
    };
    if (k == "--url")
      url = next();
    else if (k == "--school-token")
      a.school_token = next();
    else if (k == "--county-token")
      a.county_token = next();
    else if (k == "--school")
      a.school_id = next();
    else if (k == "--clients")
      a.clients = std::atoi(next().c_str());
    else if (k == "--seconds")
      a.seconds = std::atof(next().c_str());
    else if (k == "--idempotency")
      a.idempotency = true;
    else if (k == "--baseline-dir")
      a.baseline_dir = next();
    else if (k == "--label")
      a.label = next();
    else
      Die("unknown argument " + k);
  }
  if (url.rfind("http://", 0) != 0) Die("--url http://HOST:PORT is required");
  auto hostport = url.substr(7);
  if (auto slash = hostport.find('/'); slash != std::string::npos) hostport.resize(slash);
  auto colon = hostport.rfind(':');
  if (colon == std::string::npos) Die("--url needs a port");
  a.host = hostport.substr(0, colon);
  a.port = std::atoi(hostport.c_str() + colon + 1);
  if (a.school_token.empty() || a.county_token.empty() || a.school_id.empty())
    Die("--school-token, --county-token and --school are required");

  if (!a.baseline_dir.empty()) Baseline(a.baseline_dir, std::min(a.seconds, 5.0));

  const std::string before = UploadPhoto(a, a.school_token, 40);
  const std::string after = UploadPhoto(a, a.school_token, 200);
  Totals totals;
  auto start = Clock::now();
  auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(a.seconds));
  RunClients(a, before, after, deadline, &totals);
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::size_t n = totals.latencies_ms.size();
  double p50 = Percentile(totals.latencies_ms, 0.50), p99 = Percentile(totals.latencies_ms, 0.99);
  std::printf(
      "%-8s  %d clients%s: %.0f acknowledged writes/s  p50 %.2f ms  "
      "p99 %.2f ms  (%zu writes, %lld hazards closed, %lld errors)\n",
      a.label.c_str(), a.clients, a.idempotency ? " with Idempotency-Key" : "", static_cast<double>(n) / secs, p50, p99,
      n, static_cast<long long>(totals.hazards_closed), static_cast<long long>(totals.errors));
  if (totals.errors > 0) {
    std::fprintf(stderr, "write_bench: first error: %s\n", totals.first_error.c_str());
    return 1;
  }
  return 0;
}
