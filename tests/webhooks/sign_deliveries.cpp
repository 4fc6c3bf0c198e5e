// Writes deliveries signed by our webhooks::signature code, in the format that
// tests/webhooks/verify.js reads, for tests/webhooks/interop to hand to the Standard
// Webhooks reference library:
//
//   webhook_sign_deliveries DIR
//
// DIR/secret_a, DIR/secret_b   two new secrets (webhooks::new_secret)
// DIR/signed_a.json            three deliveries signed with A alone, from now to an hour old
// DIR/rotation.json            two deliveries signed with both (A then B, B then A)
// DIR/tampered.json            signed with A, then the body, the timestamp, the id or the
//                              signature changed, or the signature of B put in its place
// DIR/spec.json, DIR/spec_secret  the specification's example, signed by us
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "json/writer.hpp"
#include "util/crypto.hpp"
#include "webhooks/signature.hpp"

namespace {

struct Delivery {
  std::string id;
  std::int64_t timestamp = 0;
  std::string signature;
  std::string body;
};

std::string key_of(const std::string& secret) {
  auto key = webhooks::secret_key(secret);
  if (!key) throw std::runtime_error("not a secret: " + secret);
  return *key;
}

std::string header(const Delivery& d, const std::string& secret, const std::string& previous) {
  auto h = webhooks::signature_header(d.id, d.timestamp, d.body, secret, previous);
  if (!h) throw std::runtime_error("cannot sign");
  return *h;
}

void write(const std::string& path, const std::vector<Delivery>& deliveries) {
  rapidjson::StringBuffer buffer;
  json::Writer w(buffer);
  w.StartArray();
  for (const auto& d : deliveries) {
    w.StartObject();
    json::key(w, "headers");
    w.StartObject();
    json::field(w, "content-type", "application/json");
    json::field(w, "webhook-id", d.id);
    json::field(w, "webhook-timestamp", std::to_string(d.timestamp));
    json::field(w, "webhook-signature", d.signature);
    w.EndObject();
    json::field(w, "body_base64", util::base64_encode(d.body));
    w.EndObject();
  }
  w.EndArray();
  std::ofstream(path, std::ios::binary) << buffer.GetString() << "\n";
}

std::string body(const std::string& type, const std::string& data) {
  return R"({"type":")" + type + R"(","timestamp":"2026-12-04T10:00:00Z","data":)" + data + "}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: webhook_sign_deliveries DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  const std::string a = webhooks::new_secret();
  const std::string b = webhooks::new_secret();
  std::ofstream(dir + "/secret_a") << a;
  std::ofstream(dir + "/secret_b") << b;
  const std::int64_t now = std::time(nullptr);

  std::vector<Delivery> signed_a = {
      {"evt_1", now, "", body("ping", "{}")},
      {"evt_2", now - 240, "",
       body(
           "step.status_changed",
           R"({"step":7,"from":"pending","to":"passed","actor":{"id":3,"name":"Zoë Straße 東京"}})")},
      {"evt_3", now - 3600, "",
       body("answer.created", R"({"answer":{"id":12,"text":"a\"b\\c\n"}})")},
  };
  for (auto& d : signed_a) d.signature = header(d, a, "");
  write(dir + "/signed_a.json", signed_a);

  std::vector<Delivery> rotation = {
      {"evt_4", now - 60, "", body("feedback.created", R"({"feedback":{"id":5}})")},
      {"evt_5", now - 120, "", body("invitation.opened", R"({"invitation":{"id":9}})")},
  };
  rotation[0].signature = header(rotation[0], a, b);
  rotation[1].signature = header(rotation[1], b, a);
  write(dir + "/rotation.json", rotation);

  const Delivery base{"evt_6", now - 30, "", body("candidate.shortlisted", R"({"candidate":1})")};
  std::vector<Delivery> tampered(5, base);
  for (auto& d : tampered) d.signature = header(d, a, "");
  tampered[0].body = body("candidate.shortlisted", R"({"candidate":2})");
  tampered[1].timestamp += 1;
  tampered[2].id = "evt_7";
  tampered[3].signature[10] = tampered[3].signature[10] == 'A' ? 'B' : 'A';
  tampered[4].signature = header(tampered[4], b, "");
  write(dir + "/tampered.json", tampered);

  const std::string spec_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  Delivery spec{"msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "", R"({"test": 2432232314})"};
  spec.signature = webhooks::sign(key_of(spec_secret), spec.id, spec.timestamp, spec.body);
  write(dir + "/spec.json", {spec});
  std::ofstream(dir + "/spec_secret") << spec_secret;
  return 0;
}
