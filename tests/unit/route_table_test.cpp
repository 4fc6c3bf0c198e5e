// The route table (api::routes()) and the API document (docs/openapi.yaml, as
// compiled into the binary and served at /api/schema/) list the same operations:
// a route added without its document entry, or an entry without its route,
// fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/context.hpp"
#include "util/embedded.hpp"

namespace {

using Operations = std::multiset<std::string>;

// "GET /api/v1/jobs/{}/": path parameters are matched by position only, since
// the table types them ({int}, {str}) where the document names them ({id}).
std::string operation(std::string_view method, std::string_view path) {
  std::string out;
  for (char c : method)
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  out += ' ';
  bool in_parameter = false;
  for (char c : path) {
    if (c == '{') {
      in_parameter = true;
      out += "{}";
    } else if (c == '}') {
      in_parameter = false;
    } else if (!in_parameter) {
      out.push_back(c);
    }
  }
  return out;
}

Operations table_operations() {
  Operations out;
  for (const auto& route : api::routes()) out.insert(operation(route.method, route.pattern));
  return out;
}

// The key of a line indented by exactly `indent` spaces ("  /jobs/:" → "/jobs/"),
// or empty.
std::string_view key_at(std::string_view line, std::size_t indent) {
  if (line.size() <= indent || line.find_first_not_of(' ') != indent || line.back() != ':') {
    return {};
  }
  return line.substr(indent, line.size() - indent - 1);
}

// The operations under `paths:`. The document is block-style YAML: a path is a
// key indented by two spaces, its operations are method keys indented by four
// (beside `parameters:` and the like). Reading just that keeps a YAML library
// out of the build.
Operations document_operations(std::string_view yaml) {
  static constexpr std::array<std::string_view, 8> kMethods = {"get",     "put",  "post",  "delete",
                                                               "options", "head", "patch", "trace"};
  Operations out;
  bool in_paths = false;
  std::string_view path;
  while (!yaml.empty()) {
    const auto end = yaml.find('\n');
    std::string_view line = yaml.substr(0, end);
    yaml = end == std::string_view::npos ? std::string_view() : yaml.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() != ' ' && line.front() != '#') in_paths = line == "paths:";
    if (!in_paths) continue;
    if (const auto p = key_at(line, 2); !p.empty()) path = p;
    const auto method = key_at(line, 4);
    if (!path.empty() && std::find(kMethods.begin(), kMethods.end(), method) != kMethods.end()) {
      out.insert(operation(method, path));
    }
  }
  return out;
}

// What `a` lists that `b` does not (a duplicate in `a` counts as one more).
std::vector<std::string> missing(const Operations& a, const Operations& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

TEST(RouteTable, ListsTheSameOperationsAsTheApiDocument) {
  const auto table = table_operations();
  const auto document = document_operations(embedded::api_documents().front().content);
  ASSERT_FALSE(document.empty());
  EXPECT_EQ(missing(table, document), std::vector<std::string>())
      << "routes that docs/openapi.yaml does not list";
  EXPECT_EQ(missing(document, table), std::vector<std::string>())
      << "operations of docs/openapi.yaml without a route";
}

TEST(RouteTable, DocumentReaderTakesOnlyTheOperationsUnderPaths) {
  const std::string_view yaml =
      "openapi: 3.1.0\n"
      "info:\n"
      "  title: t\n"
      "paths:\n"
      "  /api/v1/jobs/{id}/:\n"
      "    parameters:\n"
      "      - $ref: '#/components/parameters/Id'\n"
      "    get:\n"
      "      summary: x\n"
      "    patch:\n"
      "      responses:\n"
      "        get:\n"
      "  /healthz:\n"
      "    get:\n"
      "components:\n"
      "  /not/a/path:\n"
      "    post:\n";
  EXPECT_EQ(document_operations(yaml),
            (Operations{"GET /api/v1/jobs/{}/", "PATCH /api/v1/jobs/{}/", "GET /healthz"}));
  EXPECT_EQ(operation("get", "/a/{int}/b/{str}/"), operation("GET", "/a/{id}/b/{name}/"));
}

}  // namespace
