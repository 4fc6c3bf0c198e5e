#!/usr/bin/env python3
"""Fills an empty interviewd through its HTTP API, as the people of one organization would.

Against a running `interviewd serve` on a freshly migrated database (rate limits off:
`--rate-limit 0 --auth-rate-limit 0`), with keep-alive connections, a few threads at once:

- registers one organization (its admin), creates a recruiter, an interviewer and a
  panel of 5 more interviewers, and signs each of them in for a token;
- the recruiter creates 50 jobs, 10 question sets of 10 questions (6 text, single and
  multiple choice, rating, and a video or an audio question), and 20 interview modules
  (Resume Screening, then 2 or 3 more services with preferences), module m attached
  to job m;
- 2,000 x scale candidates, each applied to one job (candidate i to job i mod 50);
- every candidate of a job with a module gets its Resume Screening step, Pending; then
  about half are shortlisted (a few of them unshortlisted again) and a few rejected,
  and the next step of the shortlisted ones is left Pending, put on hold, started,
  completed or skipped (the step after it then Pending), or rejected;
- feedback from 1 to 3 reviewers on the candidates who were reviewed, and a comment on
  the application of a quarter of the candidates of jobs without a module;
- screenings: about 5,000 x scale answers (6 text, one of each choice type and a
  rating) in submitted screenings, partly answered open ones for the candidates whose
  step is in progress, and finally open, unanswered screenings for the answer-write
  benchmark (`--open-answers` unanswered text questions, 90,000 by default: a
  10-second run at 9,000 answers a second).

Every call's status is checked; the first failure stops the fill with the response.
Writes the JSON document that `bench_seed --out` writes (the tokens and
samples of ids that bench/run's requests use), with one organization.

  bench/api_fill.py --base-url http://127.0.0.1:8000 --scale 1 --out seed.json
"""

import argparse
import concurrent.futures
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

API = "/api/v1"
INTERVIEW = "/api/v1/interview"
PASSWORD = "bench-password-1"

JOBS = 50
MODULES = 20  # module m is attached to job m
QUESTION_SETS = 10
TEXT_QUESTIONS = 6  # questions 1-6 of every set
PANEL = 5
CANDIDATES_PER_SCALE = 2000
ANSWERS_PER_SCALE = 5000
SAMPLED_IDS = 2500  # per list of ids in the document (bench_seed: 500 per organization, 5)
SAMPLED_WORKFLOW = 25000
RESUME_SCREENING = "Resume Screening"
LATER_SERVICES = ["Personality Test", "Video Interview", "Technical Assessment", "Live Interview"]

FIRST_NAMES = ["Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances", "Donald", "Margaret",
               "Ken", "Radia", "Tony", "Sophie", "Niklaus", "Karen", "Dennis", "Leslie"]
LAST_NAMES = ["Lovelace", "Hopper", "Turing", "Liskov", "Dijkstra", "Allen", "Knuth",
              "Hamilton", "Thompson", "Perlman", "Hoare", "Wilson", "Wirth", "Jones",
              "Ritchie", "Lamport", "Shaw"]
JOB_TITLES = ["Backend Engineer", "Frontend Engineer", "Data Analyst", "Product Designer",
              "Site Reliability Engineer", "Account Executive", "Support Specialist",
              "Product Manager", "QA Engineer", "Recruiter"]
TEXT_PROMPTS = [
    "Tell us about a project you are proud of.",
    "How do you split a large piece of work?",
    "Describe a disagreement with a colleague and how it ended.",
    "Why do you want this job?",
    "How do you learn a new tool?",
    "Where would you like to be in five years?",
]
ANSWER_TEXTS = [
    "I have led a team of four through a migration of our billing system.",
    "I split the work into small steps and check each one with the people who use it.",
    "A colleague and I disagreed on a design; we wrote down both and measured.",
    "I want to work on products that people rely on every day.",
    "I learn a new tool by building something small with it first.",
    "In five years I would like to be mentoring others on the team.",
]
OPTIONS = ["Less than a year", "One to three years", "Three to five years", "More than five years"]
SKILLS = ["SQL", "Python", "C++", "Public speaking", "Negotiation", "Design reviews"]
RECOMMENDATIONS = ["strong_yes", "yes", "no", "strong_no"]
COMMENTS = [
    "Clear answers and a good grasp of the role.",
    "Solid experience; would like more depth on system design.",
    "Communicates well under time pressure.",
    "Needs more practice with the tools the team uses.",
]


class FillError(RuntimeError):
    pass


class Client:
    """Keep-alive HTTP/1.1 calls, one connection per thread; times every call by route."""

    IDLE_RECONNECT = 10.0  # seconds; the service closes connections idle for --read-timeout

    def __init__(self, base_url):
        u = urllib.parse.urlsplit(base_url)
        if u.scheme != "http" or not u.hostname:
            raise ValueError(f"--base-url must be http://host:port, not {base_url!r}")
        self.host, self.port = u.hostname, u.port or 80
        self.local = threading.local()
        self.lock = threading.Lock()
        self.calls = 0
        self.stats = {}  # route -> [calls, seconds, max seconds]

    def connection(self):
        conn = getattr(self.local, "conn", None)
        now = time.monotonic()
        if conn is not None and now - self.local.used > self.IDLE_RECONNECT:
            conn.close()
            conn = None
        if conn is None:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            self.local.conn = conn
        self.local.used = now
        return conn

    def call(self, method, route, path, token=None, body=None, expect=200):
        """Sends one request; returns the decoded JSON body. `route` names the endpoint
        (the path with its ids as placeholders) in the timings."""
        headers = {}
        if token:
            headers["Authorization"] = "Token " + token
        data = None
        if body is not None:
            data = json.dumps(body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        conn = self.connection()
        started = time.perf_counter()
        try:
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            self.local.conn = None
            raise FillError(f"{method} {path}: {type(e).__name__}: {e}") from None
        elapsed = time.perf_counter() - started
        self.local.used = time.monotonic()
        with self.lock:
            self.calls += 1
            s = self.stats.setdefault(f"{method} {route}", [0, 0.0, 0.0])
            s[0] += 1
            s[1] += elapsed
            s[2] = max(s[2], elapsed)
        if resp.status != expect:
            raise FillError(f"{method} {path} answered {resp.status}, expected {expect}\n"
                            f"request: {data.decode() if data else ''}\n"
                            f"response: {raw.decode(errors='replace')}")
        if resp.getheader("Connection", "").lower() == "close":
            conn.close()
            self.local.conn = None
        return json.loads(raw) if raw else None


def parallel(threads, fn, items):
    """fn(item) for every item on `threads` threads; results in item order. The first
    exception stops the rest and is raised."""
    items = list(items)
    if threads <= 1:
        return [fn(item) for item in items]
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(fn, item) for item in items]
        try:
            for f in concurrent.futures.as_completed(futures):
                f.result()
        except BaseException:
            for f in futures:
                f.cancel()
            raise
        return [f.result() for f in futures]


def spread(items, limit):
    """At most `limit` items spread evenly over `items` (every k-th)."""
    if len(items) <= limit:
        return list(items)
    return [items[k * len(items) // limit] for k in range(limit)]


def person(i):
    return (f"{FIRST_NAMES[i % len(FIRST_NAMES)]} "
            f"{LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]}")


class Filler:
    def __init__(self, client, scale, open_answers, threads, log):
        self.c = client
        self.scale = scale
        self.open_answers = open_answers
        self.threads = threads
        self.log = log
        self.started = time.monotonic()
        self.lap_started = self.started
        self.lap_calls = 0
        self.lock = threading.Lock()

    def lap(self, what):
        now = time.monotonic()
        calls = self.c.calls - self.lap_calls
        self.log(f"api-fill: {what:<44} {calls:7d} calls in {now - self.lap_started:7.2f} s")
        self.lap_started = now
        self.lap_calls = self.c.calls

    # --- the organization and its people ---------------------------------------------------

    def setup_people(self):
        c = self.c
        r = c.call("POST", "/auth/register/", f"{API}/auth/register/", body={
            "organization": {"name": "Acme Hiring"}, "name": "Avery Admin",
            "email": "admin@acme.example", "password": PASSWORD}, expect=201)
        self.org_id = r["organization"]["id"]
        self.admin = r["token"]
        people = [("recruiter", "Riley Recruiter", "recruiter"),
                  ("interviewer", "Indra Interviewer", "interviewer")]
        people += [(f"panel{p}", f"Pat Panelist {p}", "interviewer") for p in range(1, PANEL + 1)]
        # One at a time: each hashes a password, and the service's password pool is small.
        tokens = []
        for local, name, role in people:
            email = f"{local}@acme.example"
            c.call("POST", "/users/", f"{API}/users/", self.admin, {
                "email": email, "name": name, "role": role, "password": PASSWORD}, expect=201)
            tokens.append(c.call("POST", "/auth/token/", f"{API}/auth/token/", body={
                "email": email, "password": PASSWORD})["token"])
        self.recruiter, self.interviewer = tokens[0], tokens[1]
        self.reviewers = [self.admin] + tokens  # feedback authors
        self.lap("organization, users, tokens")

    # --- jobs, questions, modules -----------------------------------------------------------

    def setup_workflows(self):
        c, rec = self.c, self.recruiter
        services = c.call("GET", "/services/", f"{API}/services/", rec)
        self.service_ids = {s["name"]: s["id"] for s in services}
        for name in [RESUME_SCREENING] + LATER_SERVICES:
            if name not in self.service_ids:
                raise FillError(f"the built-in service {name!r} is missing from GET /services/")

        def job(j):
            return c.call("POST", "/jobs/", f"{API}/jobs/", rec, {
                "title": f"{JOB_TITLES[j % len(JOB_TITLES)]} {j // len(JOB_TITLES) + 1}",
                "description": "Join a small team that ships every week."}, expect=201)["id"]
        self.jobs = parallel(self.threads, job, range(JOBS))

        def question_set(s):
            return c.call("POST", "/interview/question-sets/", f"{INTERVIEW}/question-sets/", rec, {
                "name": f"Screening questions {s + 1}",
                "description": "Asked before the first interview."}, expect=201)["id"]
        self.question_sets = parallel(self.threads, question_set, range(QUESTION_SETS))

        def questions(s):
            set_id = self.question_sets[s]
            bodies = [{"text": TEXT_PROMPTS[q], "type": "text"} for q in range(TEXT_QUESTIONS)]
            bodies += [
                {"text": "How long have you worked in this field?", "type": "single_choice",
                 "options": OPTIONS},
                {"text": "Which of these do you use every week?", "type": "multiple_choice",
                 "options": SKILLS},
                {"text": "How comfortable are you with on-call duty?", "type": "rating"},
                {"text": "Introduce yourself in two minutes.", "type": "video" if s % 2 == 0
                 else "audio", "time_limit_seconds": 120, "think_time_seconds": 30,
                 "max_retakes": 1},
            ]
            ids = []
            for order, b in enumerate(bodies, 1):
                b.update({"question_set": set_id, "order": order, "is_required": order <= 8})
                ids.append(c.call("POST", "/interview/questions/", f"{INTERVIEW}/questions/", rec,
                                  b, expect=201)["id"])
            return ids
        self.questions = dict(zip(self.question_sets,
                                  parallel(self.threads, questions, range(QUESTION_SETS))))

        def module(m):
            later = 2 + m % 2  # three services in even modules, four in odd ones
            names = [RESUME_SCREENING] + [LATER_SERVICES[(m + k) % 4] for k in range(later)]
            sets = [None] + [self.question_sets[(m + k) % QUESTION_SETS] for k in range(later)]
            entries = []
            for order, (name, qs) in enumerate(zip(names, sets), 1):
                prefs = ({"pass_score": 60} if qs is None else
                         {"question_set_id": qs, "time_limit_seconds": 120, "max_retakes": 1,
                          "deadline_days": 7})
                entries.append({"service_name": name, "order": order, "preferences": prefs})
            r = c.call("POST", "/interview/interview-modules/",
                       f"{INTERVIEW}/interview-modules/", rec, {
                           "name": f"Hiring process {m + 1}",
                           "description": f"Resume screening, then {later} more steps.",
                           "job": self.jobs[m], "services": entries}, expect=201)
            return {"id": r["id"], "job": self.jobs[m], "services": names, "sets": sets}
        self.modules = parallel(self.threads, module, range(MODULES))
        self.lap("jobs, question sets, questions, modules")

    # --- candidates and their stories -------------------------------------------------------

    def plan(self):
        """Which candidates have a module, and which submitted screenings each one gets:
        slot s goes round the candidates of jobs with a module first, then round the
        module's later services (as bench_seed does)."""
        self.count = CANDIDATES_PER_SCALE * self.scale
        self.with_module = [i for i in range(self.count) if i % JOBS < MODULES]
        per_screening = TEXT_QUESTIONS + 3  # text, single and multiple choice, rating
        self.submitted = -(-ANSWERS_PER_SCALE * self.scale // per_screening)
        self.submitted_slots = {}
        for s in range(self.submitted):
            i, position = self.slot(s)
            self.submitted_slots.setdefault(i, []).append(position)

    def slot(self, s):
        n = len(self.with_module)
        i = self.with_module[s % n]
        later = len(self.modules[i % JOBS]["services"]) - 1
        return i, 1 + (s // n) % later

    def target(self, i, position):
        m = self.modules[i % JOBS]
        return {"candidate_id": self.candidate_ids[i], "job_id": m["job"], "module_id": m["id"],
                "service": {"name": m["services"][position]}}

    def story(self, i):
        """Candidate i applies, moves through the workflow, gets feedback and screenings.
        Returns what the document needs of it."""
        c, rec = self.c, self.recruiter
        rng = random.Random(i)
        job = self.jobs[i % JOBS]
        name = person(i)
        cand = c.call("POST", "/candidates/", f"{API}/candidates/", rec, {
            "name": name, "email": f"{name.lower().replace(' ', '.')}.{i + 1}@mail.example",
            "phone": f"+1 555 {i + 1:07d}",
            "resume_url": f"https://files.example/resumes/{i + 1}.pdf"}, expect=201)
        cid = cand["id"]
        self.candidate_ids[i] = cid
        c.call("POST", "/jobs/{id}/candidates/", f"{API}/jobs/{job}/candidates/", rec,
               {"candidate_id": cid}, expect=201)
        out = {"i": i, "steps": False, "feedback": False, "answers": False, "shortlist": [],
               "update_step": []}

        reviewed = []  # (step id or None) for feedback
        if i % JOBS < MODULES:
            m = self.modules[i % JOBS]
            first = c.call("POST", "/interview/interview-steps/", f"{INTERVIEW}/interview-steps/",
                           rec, {"module": m["id"], "job": job, "candidate": cid,
                                 "service": self.service_ids[RESUME_SCREENING]},
                           expect=201)["id"]
            out["steps"] = True

            def workflow(route, position, method="POST", expect=200, **extra):
                body = self.target(i, position)
                body.update(extra)
                return c.call(method, route, f"{INTERVIEW}/{route}", rec, body, expect=expect)

            def entry(position):
                return [cid, job, m["id"], m["services"][position]]

            fate = rng.random()
            if fate < 0.45:  # not looked at yet
                out["shortlist"].append(entry(0))
            elif fate < 0.50:
                workflow("update-status/", 0, "PATCH", status="Rejected")
                reviewed.append(first)
            elif fate < 0.53:  # shortlisted by mistake, and back
                workflow("shortlist-candidate/", 0)
                workflow("unshortlist-candidate/", 0)
                out["shortlist"].append(entry(0))
            else:
                second = workflow("shortlist-candidate/", 0)["interview_step_id"]
                reviewed.append(first)
                move = rng.random()
                if move < 0.40:
                    out["update_step"].append(entry(1))
                elif move < 0.55:
                    workflow("update-step/", 1, action="Hold")
                    out["update_step"].append(entry(1))
                elif move < 0.70:
                    workflow("update-step/", 1, action="Start")
                    reviewed.append(second)
                    # Answering now: an open screening, partly answered.
                    self.screening(i, 1, answers=rng.randint(1, TEXT_QUESTIONS - 1), submit=False)
                elif move < 0.90:
                    workflow("update-step/", 1, action="Start")
                    workflow("update-step/", 1, action="Complete")
                    out["update_step"].append(entry(2))
                    reviewed.append(second)
                elif move < 0.95:
                    workflow("update-step/", 1, action="Skip")
                    out["update_step"].append(entry(2))
                else:
                    workflow("update-status/", 1, "PATCH", status="Rejected")
                    reviewed.append(second)
        elif rng.random() < 0.25:
            reviewed.append(None)  # a comment on the application, no step

        # Feedback: the recruiter on the first step (or on the application, without a
        # step), two interviewers on the later step.
        writes = [(1, reviewed[0])] if reviewed else []
        if len(reviewed) > 1:
            writes += [(a, reviewed[1]) for a in rng.sample(range(2, 2 + 1 + PANEL), 2)]
        for author, step in writes:
            rating = rng.randint(1, 5)
            body = {"job": job, "candidate": cid, "rating": rating,
                    "recommendation": RECOMMENDATIONS[[3, 2, 1, 1, 0][rating - 1]],
                    "comments": COMMENTS[rng.randrange(len(COMMENTS))],
                    "scores": {"communication": rng.randint(1, 5),
                               "technical": rng.randint(1, 5)}}
            if step is not None:
                body["step"] = step
            c.call("POST", "/interview/feedbacks/", f"{INTERVIEW}/feedbacks/",
                   self.reviewers[author], body, expect=201)
            out["feedback"] = True

        for position in self.submitted_slots.get(i, []):
            self.screening(i, position, answers=TEXT_QUESTIONS + 3, submit=True)
            out["answers"] = True
        return out

    def screening(self, i, position, answers, submit):
        """A screening of candidate i for the module's service at `position`, with the
        first `answers` of its questions answered (text, then the choices and the
        rating), submitted or left open. Returns its id and its text questions."""
        c, rec = self.c, self.recruiter
        body = self.target(i, position)
        sid = c.call("POST", "/interview/screenings/", f"{INTERVIEW}/screenings/", rec, body,
                     expect=201)["id"]
        m = self.modules[i % JOBS]
        questions = self.questions[m["sets"][position]]
        rng = random.Random(sid)
        for q in range(answers):
            body = {"screening_id": sid, "question": questions[q]}
            if q < TEXT_QUESTIONS:
                body["text"] = ANSWER_TEXTS[(q + rng.randrange(3)) % len(ANSWER_TEXTS)]
            elif q == TEXT_QUESTIONS:
                body["choices"] = [rng.choice(OPTIONS)]
            elif q == TEXT_QUESTIONS + 1:
                body["choices"] = rng.sample(SKILLS, 2)
            else:
                body["rating"] = rng.randint(1, 5)
            c.call("POST", "/interview/answers/", f"{INTERVIEW}/answers/", rec, body, expect=201)
        if submit:
            c.call("POST", "/interview/screenings/{id}/submit/",
                   f"{INTERVIEW}/screenings/{sid}/submit/", rec, expect=200)
        return [sid, questions[:TEXT_QUESTIONS]]

    def candidates(self):
        self.candidate_ids = [0] * self.count
        self.stories = parallel(self.threads, self.story, range(self.count))
        self.lap(f"{self.count} candidates: workflow, feedback, answers")

    def open_screenings(self):
        """Open screenings, nothing answered: the stock that the answer-write benchmark uses
        (each has TEXT_QUESTIONS text questions to answer)."""
        needed = -(-self.open_answers // TEXT_QUESTIONS)
        slots = [self.slot(self.submitted + s) for s in range(needed)]
        self.open = parallel(self.threads, lambda sl: self.screening(*sl, answers=0, submit=False),
                             slots)
        self.lap(f"{needed} open screenings for the answer writes")

    # --- the document -----------------------------------------------------------------------

    def document(self):
        ids = self.candidate_ids
        jobs = self.jobs
        stories = self.stories
        org = {
            "id": self.org_id,
            "tokens": {"admin": self.admin, "recruiter": self.recruiter,
                       "interviewer": self.interviewer},
            "jobs": jobs,
            "question_sets": self.question_sets,
            "modules": [{"id": m["id"], "job": m["job"], "services": m["services"]}
                        for m in self.modules],
            "step_candidates": spread([ids[s["i"]] for s in stories if s["steps"]], SAMPLED_IDS),
            "feedback_targets": spread([[jobs[s["i"] % JOBS], ids[s["i"]]] for s in stories
                                        if s["feedback"]], SAMPLED_IDS),
            "answer_candidates": spread([ids[s["i"]] for s in stories if s["answers"]],
                                        SAMPLED_IDS),
            "shortlist": spread([e for s in stories for e in s["shortlist"]], SAMPLED_WORKFLOW),
            "update_step": spread([e for s in stories for e in s["update_step"]],
                                  SAMPLED_WORKFLOW),
            "open_screenings": self.open,
        }
        return {"scale": self.scale, "fill": "api", "organizations": [org]}

    def run(self):
        self.setup_people()
        self.setup_workflows()
        self.plan()
        self.candidates()
        self.open_screenings()
        return self.document()


def fill(base_url, scale, open_answers=90000, threads=4, log=None):
    """Fills the service at base_url; returns (document, report) where report has the
    seconds, the number of calls and per route [calls, seconds, max seconds]."""
    log = log or (lambda line: print(line, file=sys.stderr, flush=True))
    client = Client(base_url)
    filler = Filler(client, scale, open_answers, threads, log)
    started = time.monotonic()
    doc = filler.run()
    seconds = time.monotonic() - started
    log(f"api-fill: {client.calls} calls in {seconds:.2f} s")
    return doc, {"seconds": seconds, "calls": client.calls, "routes": client.stats}


def slowest(report, n=8):
    """Lines naming the routes with the highest mean latency during the fill."""
    rows = sorted(report["routes"].items(), key=lambda kv: kv[1][1] / kv[1][0], reverse=True)
    return [f"  {route:<48} {calls:6d} calls, mean {seconds / calls * 1000:7.2f} ms, "
            f"max {top * 1000:7.1f} ms, {seconds:6.2f} s in all"
            for route, (calls, seconds, top) in rows[:n]]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base-url", required=True, help="the service, e.g. http://127.0.0.1:8000")
    p.add_argument("--scale", type=int, default=1, help="2,000 x scale candidates (default 1)")
    p.add_argument("--out", required=True, help="the JSON document for bench/run")
    p.add_argument("--open-answers", type=int, default=90000,
                   help="unanswered text questions left in open screenings (default 90,000)")
    p.add_argument("--threads", type=int, default=4, help="calls in parallel (default 4)")
    args = p.parse_args()
    if args.scale < 1:
        p.error("--scale must be at least 1")
    try:
        doc, report = fill(args.base_url, args.scale, args.open_answers, args.threads)
    except FillError as e:
        sys.exit(f"api-fill failed: {e}")
    for line in ["api-fill: slowest routes by mean latency:"] + slowest(report):
        print(line, file=sys.stderr)
    with open(args.out, "w") as f:
        json.dump(doc, f)


if __name__ == "__main__":
    main()
