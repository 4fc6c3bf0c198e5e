// The route table's matcher: method + path pattern → route. Patterns are literal
// segments and typed parameters: `{int}` (a positive 64-bit id) and `{str}`
// (any non-empty segment, URL-decoded). A path matches with or without its
// trailing slash.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace web {

template <class Target>
class Router {
 public:
  struct Match {
    const Target* target = nullptr;        // set when method and path match
    std::vector<PathParam> params;
    std::vector<std::string> allowed;      // methods of the path, when only the method is wrong
  };

  void add(std::string method, std::string_view pattern, Target target) {
    entries_.push_back({std::move(method), std::string(pattern), split(pattern), std::move(target)});
  }

  // Matches a raw (still percent-encoded) path.
  Match match(std::string_view method, std::string_view raw_path) const {
    Match m;
    auto segments = split(raw_path);
    std::vector<PathParam> params;
    for (const auto& e : entries_) {
      params.clear();
      if (!segments_match(e.segments, segments, params)) continue;
      if (e.method == method) {
        m.target = &e.target;
        m.params = std::move(params);
        return m;
      }
      m.allowed.push_back(e.method);
    }
    return m;
  }

  // Each pattern once, with its methods, in table order.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const auto& e : entries_) fn(e.method, e.pattern, e.target);
  }

 private:
  struct Entry {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Target target;
  };

  static std::vector<std::string> split(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < path.size()) {
      if (path[i] == '/') {
        ++i;
        continue;
      }
      auto j = path.find('/', i);
      if (j == std::string_view::npos) j = path.size();
      out.emplace_back(path.substr(i, j - i));
      i = j;
    }
    return out;
  }

  static bool segments_match(const std::vector<std::string>& pattern,
                             const std::vector<std::string>& path,
                             std::vector<PathParam>& params);

  std::vector<Entry> entries_;
};

// Decodes and type-checks one path segment against one pattern segment.
bool match_segment(const std::string& pattern, const std::string& raw, std::vector<PathParam>& out);

template <class Target>
bool Router<Target>::segments_match(const std::vector<std::string>& pattern,
                                    const std::vector<std::string>& path,
                                    std::vector<PathParam>& params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (!match_segment(pattern[i], path[i], params)) return false;
  }
  return true;
}

}  // namespace web
