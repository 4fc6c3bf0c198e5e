#!/usr/bin/env python3
"""The cluster of scripts/cluster, end to end, through its balancer.

`scripts/cluster up` (PostgreSQL, s3rver, 3 serve nodes, 2 workers, HAProxy) with the
request rate limits off; an organization with a job, a candidate and a screening of 200
video questions; 200 video answers (a 2 s h264/aac mp4 made with the ffmpeg CLI) sent
through the balancer while one node and one worker are killed with SIGKILL and started
again. Then: every answer ends `ready`; every job row is `done` with `completions` 1; no
5xx but a 503 with Retry-After around the kill (the balancer's answer, also for a request
that was inside the killed node when it died); a token revoked on one node is refused by
the others at once; the failed-login throttle counts across nodes. Last,
`scripts/cluster down`, and no process of the cluster is left.

    /usr/bin/python3 tests/cluster/cluster_test.py

Environment: CLUSTER_DIR (default build/cluster/e2e), INTERVIEWD_BIN (default
build/interviewd). Exit status 0: passed, 1: failed, 77: skipped (haproxy, ffmpeg or
psql missing). Python 3 standard library only.
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLUSTER = REPO / "scripts" / "cluster"
ANSWERS = 200
UPLOADERS = 4
PACE = 0.05  # seconds between upload starts: 200 answers over about 10 s
KILL_AT, RESTART_AT = 70, 130  # answers sent before the kill, before the start again
NODES = ("serve-1", "serve-2", "serve-3")
KILLED_NODE, KILLED_WORKER = "serve-2", "worker-1"
PASSWORD = "correct horse battery"

failures = []


def log(msg):
    print(f"cluster_test: {msg}", flush=True)


def check(ok, what):
    if not ok:
        failures.append(what)
        log(f"FAIL: {what}")
    return ok


class Response:
    def __init__(self, status, headers, body, started, ended, error=""):
        self.status, self.headers, self.body = status, headers, body
        self.started, self.ended, self.error = started, ended, error
        self.node = headers.get("x-cluster-node", "")

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        text = self.error or self.body[:200].decode("utf-8", "replace")
        return f"{self.status} from {self.node or '?'}: {text}"


def call(base, method, path, body=None, token=None, headers=None, timeout=60):
    """One request on a connection of its own; a network error is status 0."""
    url = urllib.parse.urlsplit(base)
    h = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    if token:
        h["Authorization"] = "Token " + token
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    started = time.monotonic()
    try:
        try:
            conn.request(method, path, body=body, headers=h)
        except OSError:
            # The other side may have answered before the body was all sent (the
            # balancer, when the node died under the upload): read what it said.
            pass
        r = conn.getresponse()
        data = r.read()
        headers = {k.lower(): v for k, v in r.getheaders()}
        return Response(r.status, headers, data, started, time.monotonic())
    except (OSError, http.client.HTTPException) as e:
        return Response(0, {}, b"", started, time.monotonic(), repr(e))
    finally:
        conn.close()


def created(base, path, body, token):
    r = call(base, "POST", path, body, token)
    if r.status != 201:
        raise RuntimeError(f"POST {path}: {r!r}")
    return r.json()["id"]


def multipart(screening, question, clip):
    boundary = "----cluster" + uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="screening_id"\r\n\r\n'
        f"{screening}\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="question"\r\n\r\n'
        f"{question}\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="video"; filename="answer.mp4"'
        f"\r\nContent-Type: video/mp4\r\n\r\n"
    ).encode()
    body = head + clip + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": "multipart/form-data; boundary=" + boundary}


class Cluster:
    def __init__(self, state, env):
        self.state, self.env = state, env

    def run(self, *args, check=True):
        r = subprocess.run([str(CLUSTER), *args], env=self.env, stdout=subprocess.PIPE,
                           text=True, timeout=300)
        if check and r.returncode != 0:
            raise RuntimeError(f"scripts/cluster {' '.join(args)} exited {r.returncode}")
        return r

    def node_url(self, name):
        port = (self.state / "run" / f"{name}.port").read_text().strip()
        return f"http://127.0.0.1:{port}"

    def balancer_view(self):
        """HAProxy's status of each node, from its stats page."""
        port = (self.state / "run" / "haproxy.stats_port").read_text().strip()
        r = call(f"http://127.0.0.1:{port}", "GET", "/;csv", timeout=2)
        view = {}
        for line in r.body.decode().splitlines():
            f = line.split(",")
            if len(f) > 17 and f[0] == "nodes" and f[1] != "BACKEND":
                view[f[1]] = f[17]
        return view

    def wait_for_view(self, node, status, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.balancer_view().get(node, "").startswith(status):
                return time.monotonic()
            time.sleep(0.05)
        return None

    def pids(self):
        """Every component's process and PostgreSQL's own, from `status`: name ->
        (pid, start time), so that a pid used again later is not mistaken for one."""
        out = self.run("status", check=False).stdout.splitlines()[1:]
        pids = {}
        for f in (line.split() for line in out):
            if len(f) > 1 and f[1].isdigit() and started(int(f[1])):
                pids[f[0]] = (int(f[1]), started(int(f[1])))
        if "postgres" in pids:
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pids["postgres"][0]:
                    pids[f"postgres child {stat.parent.name}"] = (int(stat.parent.name), fields[19])
        return pids

    def pid_of(self, name):
        return (self.state / "run" / f"{name}.pid").read_text().split()[0]

    def wait_until_busy(self, worker, timeout):
        """Waits until WORKER holds a job (its pid is in the job's `locked_by`)."""
        pid = self.pid_of(worker)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.sql("SELECT count(*) FROM background_jobs WHERE status = 'running' "
                        f"AND locked_by LIKE '%:{pid}:%'") != "0":
                return True
        return False

    def sql(self, query):
        url = (self.state / "database_url").read_text().strip()
        return subprocess.run(["psql", url, "-qAt", "-c", query], check=True,
                              stdout=subprocess.PIPE, text=True).stdout.strip()


def make_clip(folder):
    path = folder / "answer.mp4"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=25",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
         "-movflags", "+faststart", str(path)],
        check=True)
    return path.read_bytes()


def set_up_organization(base):
    email = f"admin-{uuid.uuid4().hex[:12]}@example.com"
    r = call(base, "POST", "/api/v1/auth/register/",
             {"organization": {"name": "Cluster Org"}, "name": "Admin", "email": email,
              "password": PASSWORD})
    if r.status != 201:
        raise RuntimeError(f"register: {r!r}")
    token = r.json()["token"]
    job = created(base, "/api/v1/jobs/", {"title": "Engineer"}, token)
    candidate = created(base, "/api/v1/candidates/",
                        {"name": "Ada", "email": f"ada-{uuid.uuid4().hex[:8]}@example.com"},
                        token)
    r = call(base, "POST", f"/api/v1/jobs/{job}/candidates/", {"candidate_id": candidate}, token)
    if r.status != 201:
        raise RuntimeError(f"apply: {r!r}")
    question_set = created(base, "/api/v1/interview/question-sets/", {"name": "Videos"}, token)
    questions = [None] * ANSWERS

    def make(i):
        questions[i] = created(base, "/api/v1/interview/questions/",
                               {"question_set": question_set, "text": f"Question {i + 1}?",
                                "type": "video"}, token)

    run_in_threads(make, ANSWERS)
    module = created(base, "/api/v1/interview/interview-modules/",
                     {"name": "Video module", "job": job,
                      "services": [{"service_name": "Video Interview", "order": 1,
                                    "preferences": {}}]}, token)
    screening = created(base, "/api/v1/interview/screenings/",
                        {"candidate_id": candidate, "job_id": job, "module_id": module,
                         "service": "Video Interview", "question_set_id": question_set}, token)
    return {"email": email, "token": token, "candidate": candidate, "screening": screening,
            "questions": questions}


def run_in_threads(work, count, threads=UPLOADERS, pace=0.0):
    """work(i) for i in range(count) on `threads` threads, the i-th started no earlier
    than i * pace seconds after the first."""
    lock = threading.Lock()
    nxt = iter(range(count))
    errors = []
    t0 = time.monotonic()

    def loop():
        while True:
            with lock:
                i = next(nxt, None)
            if i is None:
                return
            delay = t0 + i * pace - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                work(i)
            except Exception as e:  # reported after the join
                errors.append(e)

    pool = [threading.Thread(target=loop) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise errors[0]


def upload_answers(cluster, base, org, clip):
    """Sends the answers, kills a node and a worker on the way and starts them again.
    Returns every attempt per question and the times of the kill and the start."""
    attempts = {q: [] for q in org["questions"]}
    done = [0]
    lock = threading.Lock()

    def send(i):
        q = org["questions"][i]
        body, headers = multipart(org["screening"], q, clip)
        r = call(base, "POST", "/api/v1/interview/answers/", body, org["token"], headers)
        with lock:
            attempts[q].append(r)
            done[0] += 1

    t = {}
    sender = threading.Thread(target=run_in_threads, args=(send, ANSWERS, UPLOADERS, PACE))
    sender.start()

    def wait_until_sent(n):
        while done[0] < n and sender.is_alive():
            time.sleep(0.01)

    wait_until_sent(KILL_AT)
    # The worker dies with a job in hand when it can be caught with one within 3 s.
    cluster.wait_until_busy(KILLED_WORKER, 3)
    worker_pid = cluster.pid_of(KILLED_WORKER)
    t["kill"] = time.monotonic()
    cluster.run("kill", KILLED_WORKER)
    cluster.run("kill", KILLED_NODE)
    t["killed"] = time.monotonic()
    # What the dead worker held stays `running` until its lease runs out.
    t["orphaned"] = int(cluster.sql("SELECT count(*) FROM background_jobs WHERE status = "
                                    f"'running' AND locked_by LIKE '%:{worker_pid}:%'"))
    log(f"{KILLED_WORKER} died holding {t['orphaned']} job(s)")
    t["detected"] = cluster.wait_for_view(KILLED_NODE, "DOWN")
    check(t["detected"] is not None, f"HAProxy saw {KILLED_NODE} down within 10 s")
    if t["detected"]:
        log(f"HAProxy saw {KILLED_NODE} down {t['detected'] - t['kill']:.2f} s after the kill")
    wait_until_sent(RESTART_AT)
    t["start"] = time.monotonic()
    cluster.run("start", KILLED_NODE)
    cluster.run("start", KILLED_WORKER)
    t["back"] = cluster.wait_for_view(KILLED_NODE, "UP")
    check(t["back"] is not None, f"HAProxy saw {KILLED_NODE} up again within 10 s")
    sender.join()
    return attempts, t


def answers_by_question(base, org):
    r = call(base, "GET", f"/api/v1/interview/candidate/{org['candidate']}/answers/?limit=1000",
             token=org["token"])
    if r.status != 200:
        raise RuntimeError(f"answers: {r!r}")
    return {a["question"]: a for a in r.json()}


def judge_responses(attempts, t):
    """No 5xx but 503s while the node was down and HAProxy had not yet seen it: the
    balancer's answer when no node was reachable or the node died under the request
    (with Retry-After); a connection cut only for a request inside the killed node."""
    counts = {}
    for q, tries in attempts.items():
        for r in tries:
            counts[r.status] = counts.get(r.status, 0) + 1
            if r.status == 201 or 400 <= r.status < 500:
                continue
            in_flight = r.started <= t["killed"] and r.ended >= t["kill"]
            detected = t["detected"] or t["kill"] + 10
            if r.status == 503:
                check(t["kill"] - 0.2 <= r.started <= detected + 1.0,
                      f"question {q}: a 503 away from the kill: {r!r}")
                check(r.headers.get("retry-after") == "1" and b'"detail"' in r.body,
                      f"question {q}: a 503 with Retry-After and a detail: {r!r}")
            elif r.status == 0:
                check(in_flight, f"question {q}: {r!r} that the kill does not explain")
            else:
                check(False, f"question {q}: unexpected {r!r}")
    return counts


def check_answers(cluster, base, org, attempts, t, clip):
    counts = judge_responses(attempts, t)
    log(f"responses to the {ANSWERS} uploads: {dict(sorted(counts.items()))}")
    unsure = [q for q, tries in attempts.items() if tries[-1].status != 201]
    stored = answers_by_question(base, org)
    # A client whose request died with the node does not know whether it was stored:
    # it looks, and sends again what is missing.
    for q in unsure:
        if q not in stored:
            body, headers = multipart(org["screening"], q, clip)
            r = call(base, "POST", "/api/v1/interview/answers/", body, org["token"], headers)
            check(r.status == 201, f"question {q}: sending again: {r!r}")
    if unsure:
        log(f"{len(unsure)} upload(s) without a 201; "
            f"{len([q for q in unsure if q in stored])} of them were stored all the same")
    after_back = [r for tries in attempts.values() for r in tries
                  if t["back"] and r.started > t["back"]]
    check(any(r.node == KILLED_NODE and r.status == 201 for r in after_back),
          f"{KILLED_NODE} answered uploads again after its start")
    for node in NODES:
        n = sum(1 for tries in attempts.values() for r in tries if r.node == node)
        log(f"{node} answered {n} upload(s)")

    deadline = time.monotonic() + 90
    while True:
        stored = answers_by_question(base, org)
        statuses = {}
        for a in stored.values():
            s = (a.get("media") or {}).get("status")
            statuses[s] = statuses.get(s, 0) + 1
        if statuses.get("ready", 0) + statuses.get("failed", 0) >= ANSWERS or \
                time.monotonic() > deadline:
            break
        time.sleep(0.5)
    log(f"media statuses: {statuses}, "
        f"{time.monotonic() - t['start']:.1f} s after the worker's start again")
    check(len(stored) == ANSWERS, f"{ANSWERS} answers stored (found {len(stored)})")
    check(statuses == {"ready": ANSWERS}, f"every answer's media is ready: {statuses}")

    rows = cluster.sql("SELECT status, completions, count(*) FROM background_jobs "
                       "GROUP BY 1, 2 ORDER BY 1, 2")
    log(f"background_jobs (status|completions|count): {rows.replace(chr(10), ', ')}")
    check(rows == f"done|1|{ANSWERS}", f"every job done once: {rows!r}")
    retaken = cluster.sql("SELECT count(*) FROM background_jobs WHERE attempts > 1")
    log(f"jobs taken more than once (after the worker's kill): {retaken}")
    check(int(retaken) >= t["orphaned"], "the dead worker's jobs were taken again")


def check_upload_inside_a_dying_node(cluster, base, org, clip):
    """An upload half sent when its node is killed: the balancer answers 503 with
    Retry-After in the API's error shape (not 502), and the node comes back."""
    node = "serve-3"  # pinned by the balancer's X-Cluster-Node routing
    body, headers = multipart(org["screening"], org["questions"][0], clip)
    url = urllib.parse.urlsplit(base)
    head = (f"POST /api/v1/interview/answers/ HTTP/1.1\r\nHost: {url.netloc}\r\n"
            f"Authorization: Token {org['token']}\r\nX-Cluster-Node: {node}\r\n"
            f"Content-Type: {headers['Content-Type']}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection((url.hostname, url.port), timeout=15) as s:
        s.sendall(head + body[:len(body) // 2])
        time.sleep(0.5)  # for the balancer to pass the headers and half the body on
        cluster.run("kill", node)
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except OSError as e:
            check(False, f"reading the balancer's answer after {node} died: {e!r}")
    status_line, _, rest = answer.partition(b"\r\n")
    head_text, _, detail = rest.partition(b"\r\n\r\n")
    log(f"an upload inside {node} when it died: {status_line.decode(errors='replace')}")
    check(status_line.startswith(b"HTTP/1.1 503 "), f"the balancer answers 503: {answer[:300]!r}")
    check(b"\r\nretry-after: 1" in b"\r\n" + head_text.lower(),
          f"with Retry-After: {answer[:300]!r}")
    check(b'"detail"' in detail, f"and a detail: {answer[:300]!r}")
    cluster.run("start", node)
    check(cluster.wait_for_view(node, "UP") is not None, f"HAProxy sees {node} up again")


def check_revocation(cluster, base, org):
    """A token revoked on one node is refused by every node at once: the node announces
    it (NOTIFY) before it answers, and every node listens (docs/operations.md)."""
    r = call(base, "POST", "/api/v1/auth/token/", {"email": org["email"], "password": PASSWORD})
    if not check(r.status == 200, f"login through the balancer: {r!r}"):
        return
    token = r.json()["token"]
    nodes = {n: cluster.node_url(n) for n in NODES}
    for name, url in nodes.items():  # each node now remembers the token
        check(call(url, "GET", "/api/v1/auth/me/", token=token).status == 200,
              f"the new token works on {name}")
    r = call(nodes["serve-1"], "POST", "/api/v1/auth/logout/", token=token)
    check(r.status == 204, f"logout on serve-1: {r!r}")
    at_once = {n: call(u, "GET", "/api/v1/auth/me/", token=token).status
               for n, u in nodes.items()}
    log(f"right after the logout on serve-1: {at_once}")
    check(at_once == {n: 401 for n in nodes},
          f"every node refuses the revoked token at once (NOTIFY): {at_once}")
    r = [call(base, "GET", "/api/v1/auth/me/", token=token).status for _ in range(3)]
    check(r == [401] * 3, f"the balancer refuses it on every node: {r}")


def check_login_throttle(cluster, base, org):
    """5 failures for one email spread over the nodes: the next login, even with the
    right password, is refused (429) on every node."""
    email = f"user-{uuid.uuid4().hex[:12]}@example.com"
    r = call(base, "POST", "/api/v1/users/",
             {"email": email, "name": "Throttled", "role": "interviewer", "password": PASSWORD},
             org["token"])
    if not check(r.status == 201, f"create user: {r!r}"):
        return
    nodes = {n: cluster.node_url(n) for n in NODES}
    for name in ("serve-1", "serve-2", "serve-3", "serve-1", "serve-2"):
        r = call(nodes[name], "POST", "/api/v1/auth/token/",
                 {"email": email, "password": "wrong password"})
        check(r.status == 400, f"a wrong password on {name}: 400, got {r!r}")
    for name in ("serve-3", "serve-1", "serve-2"):
        r = call(nodes[name], "POST", "/api/v1/auth/token/", {"email": email, "password": PASSWORD})
        check(r.status == 429 and "retry-after" in r.headers,
              f"the 6th login on {name}: 429 with Retry-After, got {r!r}")
    r = call(base, "POST", "/api/v1/auth/token/", {"email": email, "password": PASSWORD})
    check(r.status == 429, f"through the balancer: 429, got {r!r}")
    r = call(base, "POST", "/api/v1/auth/token/", {"email": org["email"], "password": PASSWORD})
    check(r.status == 200, f"another email still logs in: {r!r}")


def started(pid):
    """The start time of a live process (not a zombie), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] == "Z" else fields[19]


def check_nothing_left(state, pids):
    time.sleep(0.2)
    for name, (pid, start) in pids.items():
        check(started(pid) != start, f"{name} (pid {pid}) still runs")
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        pid = int(cmdline.parent.name)
        if str(state) in text and pid != os.getpid() and started(pid):
            check(False, f"process {pid} still runs: {text[:200]}")


def main():
    for tool in ("haproxy", "ffmpeg", "psql"):
        if not shutil.which(tool):
            log(f"SKIPPED: {tool} not found (scripts/install-deps --test installs it)")
            return 77
    began = time.monotonic()
    state = Path(os.environ.get("CLUSTER_DIR", REPO / "build" / "cluster" / "e2e")).resolve()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTERVIEWD_")}
    if "INTERVIEWD_BIN" in os.environ:
        env["INTERVIEWD_BIN"] = os.environ["INTERVIEWD_BIN"]
    env.update(CLUSTER_DIR=str(state), INTERVIEWD_RATE_LIMIT="0", INTERVIEWD_AUTH_RATE_LIMIT="0",
               INTERVIEWD_PASSWORD_COST="min",
               # a killed worker's job is taken again within seconds, not 30
               INTERVIEWD_JOB_LEASE="3")
    cluster = Cluster(state, env)
    cluster.run("down", check=False)  # what an interrupted run may have left
    with tempfile.TemporaryDirectory(prefix="cluster-test-") as tmp:
        clip = make_clip(Path(tmp))
    log(f"clip: {len(clip)} bytes")
    pids = {}
    try:
        base = cluster.run("up").stdout.strip().splitlines()[-1]
        log(f"balancer at {base}, up after {time.monotonic() - began:.1f} s")
        check(base.startswith("http://127.0.0.1:"), f"up prints the balancer's URL last: {base}")
        again = cluster.run("up").stdout.strip().splitlines()[-1]
        check(again == base, "a second up reuses the running cluster")
        pids = cluster.pids()
        org = set_up_organization(base)
        log(f"organization, screening and {ANSWERS} video questions set up")
        t0 = time.monotonic()
        attempts, t = upload_answers(cluster, base, org, clip)
        log(f"{ANSWERS} uploads sent in {time.monotonic() - t0:.1f} s")
        check_answers(cluster, base, org, attempts, t, clip)
        check_upload_inside_a_dying_node(cluster, base, org, clip)
        check_revocation(cluster, base, org)
        check_login_throttle(cluster, base, org)
        pids.update(cluster.pids())  # the restarted node and worker too
    except Exception as e:
        check(False, f"{type(e).__name__}: {e}")
    finally:
        pids.update(cluster.pids())
        down = cluster.run("down", check=False)
        check(down.returncode == 0, f"scripts/cluster down exited {down.returncode}")
        check_nothing_left(state, pids)
    elapsed = time.monotonic() - began
    if failures:
        log(f"FAILED ({len(failures)} check(s)) in {elapsed:.1f} s")
        for f in failures:
            log(f"  - {f}")
        return 1
    log(f"PASSED in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
