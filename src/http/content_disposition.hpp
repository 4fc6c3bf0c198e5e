// The Content-Disposition of a download (RFC 6266 with RFC 8187 for the real name):
//   attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>
// Whatever bytes a stored name holds, the header value is printable ASCII only.
#pragma once

#include <string>
#include <string_view>

namespace web {

// For `filename` (UTF-8; invalid bytes are replaced): in the quoted fallback, each
// non-ASCII character, control character and '%' (some browsers decode %XX there)
// becomes '_', and '"' and '\' are escaped; filename* carries every character,
// percent-encoded except RFC 8187's attr-chars. An empty name is "download".
std::string attachment_disposition(std::string_view filename);

}  // namespace web
