#pragma once
// JsonWriter: appends compact JSON straight to a string, for the hottest read responses.
//
// Why our own: building an nlohmann::json tree (a std::map node and a string per key) and dumping
// it was about half of the CPU of GET /api/v1/orgs/{id} in the API layer, mostly malloc/free
// (BENCHMARKS.md, issue #2). nlohmann has no public streaming writer, and pulling in a second
// JSON library for a few dozen lines was not worth it. The output is byte-for-byte what
// nlohmann's dump() gives for the same values (json_writer_test.cpp checks this), so clients
// cannot tell which path wrote a response. Strings must be valid UTF-8 (the API validates input).

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace anxiao::http {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  JsonWriter& BeginObject() {
    Comma();
    out_->push_back('{');
    first_ = true;
    return *this;
  }
  JsonWriter& EndObject() {
    out_->push_back('}');
    first_ = false;
    return *this;
  }
  JsonWriter& BeginArray() {
    Comma();
    out_->push_back('[');
    first_ = true;
    return *this;
  }
  JsonWriter& EndArray() {
    out_->push_back(']');
    first_ = false;
    return *this;
  }
  JsonWriter& Key(std::string_view k) {
    Comma();
    Escaped(k);
    out_->push_back(':');
    first_ = true;  // the value follows without a comma
    return *this;
  }
  JsonWriter& String(std::string_view s) {
    Comma();
    Escaped(s);
    return *this;
  }
  JsonWriter& Int(std::int64_t v) {
    Comma();
    char buf[24];
    int n = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    out_->append(buf, static_cast<std::size_t>(n));
    return *this;
  }
  JsonWriter& Bool(bool v) {
    Comma();
    out_->append(v ? "true" : "false");
    return *this;
  }
  JsonWriter& Null() {
    Comma();
    out_->append("null");
    return *this;
  }
  // Shorthands for one member.
  JsonWriter& Field(std::string_view k, std::string_view v) { return Key(k).String(v); }
  JsonWriter& Field(std::string_view k, const char* v) { return Key(k).String(v); }
  JsonWriter& Field(std::string_view k, std::int64_t v) { return Key(k).Int(v); }

 private:
  void Comma() {
    if (!first_) out_->push_back(',');
    first_ = false;
  }
  // The escapes of nlohmann's dump(): the short forms for \b \f \n \r \t, \u00xx for the other
  // control characters, '"' and '\\' escaped, everything else (UTF-8 included) as is.
  void Escaped(std::string_view s) {
    out_->push_back('"');
    std::size_t run = 0;  // start of the pending stretch that needs no escaping
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_->append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"': out_->append("\\\""); break;
        case '\\': out_->append("\\\\"); break;
        case '\b': out_->append("\\b"); break;
        case '\f': out_->append("\\f"); break;
        case '\n': out_->append("\\n"); break;
        case '\r': out_->append("\\r"); break;
        case '\t': out_->append("\\t"); break;
        default: {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out_->append(buf, 6);
        }
      }
    }
    out_->append(s.data() + run, s.size() - run);
    out_->push_back('"');
  }

  std::string* out_;
  bool first_ = true;
};

}  // namespace anxiao::http
