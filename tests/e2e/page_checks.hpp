// What the end-to-end tests of the service's web pages (/api/docs/, /review/, /i/...)
// check alike: the files a page's HTML names, and that it has no inline code.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace e2e {

// The files under `prefix` that `html` names in src="..." or href="...", as
// {path without its query, the version of "?v=<hash>" ("" without one)}.
inline std::vector<std::pair<std::string, std::string>> page_files(const std::string& html,
                                                                   const std::string& prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string attribute : {"src=\"", "href=\""}) {
    for (auto at = html.find(attribute); at != std::string::npos;
         at = html.find(attribute, at + 1)) {
      const auto start = at + attribute.size();
      const std::string url = html.substr(start, html.find('"', start) - start);
      if (url.rfind(prefix, 0) != 0) continue;
      const auto query = url.find("?v=");
      out.emplace_back(url.substr(0, query),
                       query == std::string::npos ? "" : url.substr(query + 3));
    }
  }
  return out;
}

// Each script of `html` is a file under `script_prefix` with no code of its own, and
// there is no style element or attribute.
inline void expect_no_inline_code(const std::string& html, const std::string& script_prefix) {
  for (auto at = html.find("<script"); at != std::string::npos; at = html.find("<script", at + 1)) {
    const auto tag = html.substr(at, html.find('>', at) - at);
    EXPECT_NE(tag.find(" src=\"" + script_prefix), std::string::npos) << tag;
    EXPECT_EQ(html.substr(html.find('>', at) + 1, 9), "</script>") << tag;
  }
  EXPECT_EQ(html.find("<style"), std::string::npos);
  EXPECT_EQ(html.find(" style="), std::string::npos);
}

}  // namespace e2e
