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
// The client is a minimal blocking HTTP/1.1 keep-alive client on POSIX sockets
// (one connection per client thread): enough for a benchmark of our own server,
// and no extra dependency.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
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

class HttpClient {
 public:
  HttpClient(const std::string& host, int port) : host_(host), port_(port) { Connect(); }
  ~HttpClient() {
    if (fd_ >= 0) close(fd_);
  }

  std::optional<HttpResponse> Request(const std::string& method, const std::string& path, const std::string& token,
                                      const std::string& body, const std::string& content_type,
                                      const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: " + host_ + "\r\nAuthorization: Bearer " + token +
                      "\r\nContent-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) +
                      "\r\n";
    for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
    req += "\r\n" + body;
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0) Connect();
      if (SendAll(req)) {
        auto r = ReadResponse();
        if (r) return r;
      }
      close(fd_);
      fd_ = -1;
      buf_.clear();
      if (attempt == 0 && sent_any_) return std::nullopt;  // never resend a write that may have landed
    }
    return std::nullopt;
  }

 private:
  void Connect() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port_));
    inet_pton(AF_INET, host_.c_str(), &a.sin_addr);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) Die("cannot connect to " + host_);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sent_any_ = false;
  }
  bool SendAll(const std::string& s) {
    std::size_t off = 0;
    while (off < s.size()) {
      ssize_t n = send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<std::size_t>(n);
      sent_any_ = true;
    }
    return true;
  }
  bool Fill() {
    char tmp[16384];
    ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }
  std::optional<HttpResponse> ReadResponse() {
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!Fill()) return std::nullopt;
    std::string head = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    HttpResponse r;
    if (head.size() < 12) return std::nullopt;
    r.status = std::atoi(head.c_str() + 9);
    std::size_t len = 0;
    std::size_t pos = 0;
    while ((pos = head.find("\r\n", pos)) != std::string::npos) {
      pos += 2;
      std::size_t eol = head.find("\r\n", pos);
      std::string line = head.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
      std::string lower = line;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      if (lower.rfind("content-length:", 0) == 0) len = std::strtoul(line.c_str() + 15, nullptr, 10);
      if (lower.rfind("etag:", 0) == 0) {
        r.etag = line.substr(5);
        r.etag.erase(std::remove_if(r.etag.begin(), r.etag.end(), [](char c) { return c == ' ' || c == '"'; }),
                     r.etag.end());
        if (r.etag.rfind("W/", 0) == 0) r.etag = r.etag.substr(2);
      }
    }
    while (buf_.size() < len)
      if (!Fill()) return std::nullopt;
    r.body = buf_.substr(0, len);
    buf_.erase(0, len);
    return r;
  }

  std::string host_;
  int port_;
  int fd_ = -1;
  bool sent_any_ = false;
  std::string buf_;
};

struct Args {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string school_token, county_token, school_id, baseline_dir, label = "server";
  int clients = 64;
  double seconds = 10;
  bool idempotency = false;
};

struct Totals {
  std::mutex mu;
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

// One client: hazards through the whole loop until the deadline.
void RunClient(const Args& a, int index, const std::string& before_sha, const std::string& after_sha,
               Clock::time_point deadline, Totals* totals) {
  HttpClient http(a.host, a.port);
  std::vector<double> lat;
  std::int64_t errors = 0, closed = 0;
  std::string first_error;
  std::uint64_t n = 0;
  auto post = [&](const std::string& path, const std::string& token, const Json& body,
                  const std::string& version) -> std::optional<HttpResponse> {
    std::vector<std::pair<std::string, std::string>> hs;
    if (!version.empty()) hs.emplace_back("If-Match", "\"" + version + "\"");
    if (a.idempotency) hs.emplace_back("Idempotency-Key", "wb-" + std::to_string(index) + "-" + std::to_string(++n));
    auto t0 = Clock::now();
    auto r = http.Request("POST", path, token, body.dump(), "application/json", hs);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (r && r->status >= 200 && r->status < 300) {
      lat.push_back(ms);
      return r;
    }
    ++errors;
    if (first_error.empty())
      first_error = path + " -> " + (r ? std::to_string(r->status) + " " + r->body : "no answer");
    return std::nullopt;
  };
  while (Clock::now() < deadline) {
    auto created = post("/api/v1/hazards", a.school_token,
                        Json{{"school_id", a.school_id},
                             {"source", "self"},
                             {"category", "fire"},
                             {"risk_level", "blue"},
                             {"description", "疏散通道堆放杂物（写入基准 " + std::to_string(index) + "）"},
                             {"location", "教学楼一层东侧楼梯口"},
                             {"evidence", Json::array({before_sha})}},
                        "");
    if (!created) continue;
    const std::string id = Json::parse(created->body).at("id").get<std::string>();
    std::string v = created->etag;
    const std::string base = "/api/v1/hazards/" + id;
    auto step = [&](const std::string& action, const std::string& token, const Json& body) {
      if (v.empty()) return false;
      auto r = post(base + "/" + action, token, body, v);
      v = r ? r->etag : "";
      return static_cast<bool>(r);
    };
    bool ok = step("plan", a.school_token,
                   Json{{"measures", "清理杂物，张贴禁止堆放标识"}, {"responsible_person", "王建国"}}) &&
              step("start", a.school_token, Json::object()) &&
              step("progress", a.school_token, Json{{"note", "杂物已清理一半"}}) &&
              step("submit", a.school_token,
                   Json{{
                            "note",
                            "已清理完毕",
                        },
                        {"evidence", Json::array({after_sha})}}) &&
              step("review", a.county_token, Json{{"decision", "close"}});
    if (ok) ++closed;
  }
  std::lock_guard g(totals->mu);
  totals->latencies_ms.insert(totals->latencies_ms.end(), lat.begin(), lat.end());
  totals->errors += errors;
  totals->hazards_closed += closed;
  if (totals->first_error.empty()) totals->first_error = first_error;
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
  HttpClient http(a.host, a.port);
  auto r = http.Request("POST", "/api/v1/evidence", token, png, "image/png");
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
  std::vector<std::thread> ts;
  for (int i = 0; i < a.clients; ++i) ts.emplace_back(RunClient, std::cref(a), i, before, after, deadline, &totals);
  for (auto& t : ts) t.join();
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
