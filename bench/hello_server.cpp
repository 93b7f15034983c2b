// The baseline of the HTTP benchmark (BENCHMARKS.md, scripts/run-bench.sh): RESTinio set up like
// http::Serve (src/http/server.cpp): same traits, external asio io_context run by the same number
// of threads (anxiao serve's default: 8), same message limits and timeouts. Every request gets
// 200 {"hello":"world"} as JSON. Runs until SIGINT or SIGTERM; loopback by default.
//
//   anxiao_hello_server [--port P (8081)] [--threads N (8)] [--address A (127.0.0.1)]

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <restinio/all.hpp>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  int port = 8081;
  int threads = 8;
  std::string address = "127.0.0.1";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--port")
      port = std::atoi(argv[i + 1]);
    else if (a == "--threads")
      threads = std::atoi(argv[i + 1]);
    else if (a == "--address")
      address = argv[i + 1];
    else {
      std::cerr << "usage: anxiao_hello_server [--port P] [--threads N] [--address A]\n";
      return 2;
    }
  }
  if (port < 1 || port > 65535 || threads < 1) {
    std::cerr << "anxiao_hello_server: bad --port or --threads\n";
    return 2;
  }

  using traits_t = restinio::default_traits_t;
  asio::io_context ioctx;
  auto handler = [](restinio::request_handle_t req) -> restinio::request_handling_status_t {
    req->create_response()
        .append_header(restinio::http_field::content_type, "application/json")
        .set_body(R"({"hello":"world"})")
        .done();
    return restinio::request_accepted();
  };
  const std::size_t max_body = (1 << 20) + 1024;
  restinio::http_server_t<traits_t> server{
      restinio::external_io_context(ioctx),
      restinio::server_settings_t<traits_t>{}
          .port(static_cast<std::uint16_t>(port))
          .address(address)
          .request_handler(std::move(handler))
          .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(max_body))
          .handle_request_timeout(std::chrono::seconds(120))
          .read_next_http_message_timelimit(std::chrono::seconds(60))};
  try {
    server.open_sync();
  } catch (const std::exception& e) {
    std::cerr << "anxiao_hello_server: cannot listen on " << address << ":" << port << ": " << e.what() << "\n";
    return 1;
  }
  asio::signal_set signals(ioctx, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int) {
    if (ec) return;
    server.close_async([&] { ioctx.stop(); }, [&](std::exception_ptr) { ioctx.stop(); });
  });
  std::cout << "hello server listening on http://" << address << ":" << port << " (" << threads << " threads)"
            << std::endl;
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([&] { ioctx.run(); });
  for (auto& t : pool) t.join();
  return 0;
}
