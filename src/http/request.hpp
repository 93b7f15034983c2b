#pragma once
// Protocol-level request and response values, independent of the HTTP library, so that the API
// (api.hpp) can be exercised in unit tests without a socket.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace anxiao::http {

struct Request {
  std::string method;                          // "GET", "POST", …
  std::string path;                            // decoded path without the query
  std::map<std::string, std::string> query;    // decoded; last value wins
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string remote;  // client address

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::string Query(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
  bool HasQuery(const std::string& name) const { return query.count(name) > 0; }
};

struct DeferredWrite;  // api.hpp

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set by handlers whose answer depends on a write still to be done (Api::Prepare); Api::Handle
  // never returns one.
  std::shared_ptr<DeferredWrite> deferred;

  Response& Set(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace anxiao::http
