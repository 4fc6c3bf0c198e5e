#!/usr/bin/python3
"""Webhook delivery latency: from the change that causes an event to its arrival at a
receiver, over N events sent at a steady rate.

Starts `interviewd serve` (SQLite in a temporary folder, or DATABASE_URL when given),
registers an organization, points an endpoint at a receiver in this process (which checks
every signature the way docs/integrations.md shows), then asks for N `ping` events, one
every 1/RATE s. Each event's latency is the time from sending the request that writes it
(its commit happens before the answer) to the receiver reading the delivery: an upper
bound of commit-to-receiver. Prints p50, p90, p99 and the maximum in milliseconds.

    bench/webhook_latency.py [--events 1000] [--rate 100] [--bin build/interviewd]
                             [--other-node]

With --other-node the node that takes the requests sends nothing (--webhook-workers 0):
a second node on the same database delivers, finding the events by its poll (every
250 ms), as in a cluster where the event was written elsewhere.
"""
import argparse
import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time


def verify(secret, headers, body, tolerance=300):
    """The receiver's check, as docs/integrations.md shows it."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    msg_id, ts = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(ts)) > tolerance:
        return False
    signed = f"{msg_id}.{ts}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, s.split(",", 1)[1])
               for s in headers["webhook-signature"].split() if s.startswith("v1,"))


class Receiver(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.secret = None
        self.arrivals = {}
        self.bad_signatures = 0
        self.lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        now = time.monotonic()
        body = self.rfile.read(int(self.headers["Content-Length"]))
        headers = {k.lower(): v for k, v in self.headers.items()}
        ok = verify(self.server.secret, headers, body)
        with self.server.lock:
            self.server.arrivals.setdefault(headers["webhook-id"], now)
            if not ok:
                self.server.bad_signatures += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Token " + token
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    if r.status >= 300:
        raise RuntimeError(f"{method} {path}: {r.status} {data!r}")
    return json.loads(data) if data else None


def wait_ready(port, proc):
    for _ in range(200):
        if proc.poll() is not None:
            raise RuntimeError("interviewd exited")
        try:
            call(port, "GET", "/healthz")
            return
        except (OSError, RuntimeError):
            time.sleep(0.05)
    raise RuntimeError("interviewd did not start")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=100.0)
    ap.add_argument("--bin", default="build/interviewd")
    ap.add_argument("--other-node", action="store_true")
    args = ap.parse_args()

    receiver = Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    folder = tempfile.mkdtemp(prefix="webhook-latency-")
    port = free_port()
    env = dict(os.environ,
               INTERVIEWD_LISTEN=f"127.0.0.1:{port}",
               STORAGE_URL=f"file://{folder}/media",
               INTERVIEWD_LOG_FORMAT="text", INTERVIEWD_PASSWORD_COST="min",
               INTERVIEWD_RATE_LIMIT="0", INTERVIEWD_AUTH_RATE_LIMIT="0",
               INTERVIEWD_WEBHOOK_ALLOW_PRIVATE="1")
    env.setdefault("DATABASE_URL", f"sqlite://{folder}/db.sqlite3")
    procs = []
    if args.other_node:
        env["INTERVIEWD_WEBHOOK_WORKERS"] = "0"
    with open(f"{folder}/server.log", "w") as log:
        procs.append(subprocess.Popen([args.bin, "serve"], env=env, stdout=log, stderr=log))
    try:
        wait_ready(port, procs[0])
        if args.other_node:
            other = free_port()
            env2 = dict(env, INTERVIEWD_LISTEN=f"127.0.0.1:{other}",
                        INTERVIEWD_WEBHOOK_WORKERS="1", INTERVIEWD_MEDIA_WORKERS="0")
            with open(f"{folder}/other.log", "w") as log:
                procs.append(subprocess.Popen([args.bin, "serve", "--no-migrate"], env=env2,
                                              stdout=log, stderr=log))
            wait_ready(other, procs[1])
        token = call(port, "POST", "/api/v1/auth/register/",
                     {"organization": {"name": "Latency"}, "name": "Bench",
                      "email": "bench@example.com",
                      "password": "a long enough password"})["token"]
        hook = call(port, "POST", "/api/v1/webhooks/",
                    {"url": f"http://127.0.0.1:{receiver.server_port}/hooks",
                     "events": ["*"]}, token)
        receiver.secret = hook["secret"]
        sent = {}
        start = time.monotonic()
        for i in range(args.events):
            due = start + i / args.rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            t0 = time.monotonic()
            delivery = call(port, "POST", f"/api/v1/webhooks/{hook['id']}/ping/", {}, token)
            sent[delivery["event_id"]] = t0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with receiver.lock:
                if len(receiver.arrivals) >= len(sent):
                    break
            time.sleep(0.05)
        with receiver.lock:
            latencies = [(receiver.arrivals[e] - t0) * 1000 for e, t0 in sent.items()
                         if e in receiver.arrivals]
            bad = receiver.bad_signatures
        missing = len(sent) - len(latencies)
        db = env["DATABASE_URL"].split(":", 1)[0]
        where = ", delivered by another node" if args.other_node else ""
        print(f"{db}{where}: {len(latencies)} events at {args.rate:g}/s, "
              f"p50 {percentile(latencies, 50):.1f} ms, p90 {percentile(latencies, 90):.1f} ms, "
              f"p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.1f} ms; "
              f"{missing} missing, {bad} bad signatures")
        return 1 if missing or bad else 0
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)
        receiver.shutdown()
        subprocess.run(["rm", "-rf", folder], check=False)


if __name__ == "__main__":
    sys.exit(main())
