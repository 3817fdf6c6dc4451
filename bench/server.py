"""Server: 100 concurrent clients on loopback doing a realistic mix, against bare endpoints.

The load comes from wrk (Debian's ``wrk``), 100 connections on 2 threads for a fixed
time, each request taken from a prepared list (``bench/out/mix.lua``):

  search 40 % (texts and filters), inbox 20 % (a mentor's incoming requests),
  thread 20 % (a mentoring's messages), send a message 15 %, accept a request 5 %.

Every request is made by a member allowed to make it (tokens from real sign-ins) and
each accept is of a different pending request of a mentor with room, so every answer
should be a success: any non-2xx answer or socket error is counted as an error.

Ours: ``mentor-tui serve`` on a copy of the network. Baseline: ``bench/bare_server.py``
on another copy, FastAPI on the same uvicorn, answering the same paths by replaying the
SQL our service ran for each kind of request (recorded here, before the run).

Figures: requests per second (ratio to the bare server: the share of throughput our
layers keep), p50 and p99 latency (ratio: what they add), and errors (must be 0).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import _common as common
from _common import Figure

CONNECTIONS = 100
MIX = (("search", 40), ("inbox", 20), ("thread", 20), ("message", 15), ("accept", 5))
SEARCHES = (
    "text=finance",
    "text=software+engineer",
    "text=london&has_room=true",
    "sector=Finance",
    "text=engineer&sector=Engineering&sector=Manufacturing",
    "help_area=interview+practice&activity=video+call",
    "country=Ireland",
    "text=teacher&programme=History",
)
LIST_LENGTH = 40_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_up(port: int, process: subprocess.Popen[bytes], path: str) -> None:
    import httpx

    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} ended at start")
        try:
            if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"no server on port {port}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# -- the mix ------------------------------------------------------------------------------


def prepare_mix(data_dir: Path, out: Path) -> tuple[Path, dict[str, list[tuple[str, list[Any]]]]]:
    """Sign members in, choose who does what, record the SQL of each kind of request;
    writes the wrk script and returns it with the recorded statements."""
    from sqlalchemy import event

    from mentor_tui.backend.local import LocalBackend
    from mentor_tui.demo.seed import DEMO_PASSWORD
    from mentor_tui.domain.models import SearchQuery

    backend = LocalBackend.open(data_dir)
    service = backend.service
    rng = random.Random(7)
    with service.store.read() as conn:
        students = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT username FROM users WHERE role = 'student' AND state = 'verified' "
                "ORDER BY id LIMIT 60"
            )
        ]
        pending = conn.exec_driver_sql(
            "SELECT r.id, u.username, m.max_mentees - m.active_mentees FROM requests r "
            "JOIN mentor_profiles m ON m.user_id = r.mentor_id "
            "JOIN users u ON u.id = r.mentor_id JOIN users e ON e.id = r.mentee_id "
            "WHERE r.state = 'pending' AND m.state = 'active' AND m.has_room "
            "AND u.state = 'verified' AND e.state = 'verified' ORDER BY r.id"
        ).all()
        threads = conn.exec_driver_sql(
            "SELECT r.id, u.username FROM relationships r JOIN users u ON u.id = r.mentee_id "
            "JOIN users m ON m.id = r.mentor_id WHERE r.state = 'active' "
            "AND u.state = 'verified' AND m.state = 'verified' ORDER BY r.id LIMIT 120"
        ).all()
    room: dict[str, int] = {}
    accepts: list[tuple[int, str]] = []
    for request_id, mentor, free in pending:
        if room.setdefault(mentor, free) > 0 and len(room) <= 400:
            room[mentor] -= 1
            accepts.append((request_id, mentor))
    mentors = sorted({m for _, m in accepts})
    tokens: dict[str, str] = {}

    def token(username: str) -> str:
        if username not in tokens:
            tokens[username] = service.login(username, DEMO_PASSWORD).token
        return tokens[username]

    # Record the SQL of one request of each kind (with members the load won't use).
    recorded: dict[str, list[tuple[str, list[Any]]]] = {}
    current: list[tuple[str, list[Any]]] = []

    def capture(_c: Any, _cur: Any, statement: str, params: Any, _x: Any, many: bool) -> None:
        current.append((statement, list(params)))

    def record(key: str, actor_token: str, call: Any) -> None:
        current.clear()
        event.listen(service.store.engine, "before_cursor_execute", capture)
        try:
            call(service.authenticate(actor_token))
        finally:
            event.remove(service.store.engine, "before_cursor_execute", capture)
        recorded[key] = list(current)

    spare_accept, accepts = accepts[-1], accepts[:-1]
    spare_thread, threads = threads[-1], threads[:-1]
    student = token(students[-1])
    from urllib.parse import parse_qs

    for search in SEARCHES:
        args = parse_qs(search)
        query = SearchQuery(
            text=args.get("text", [""])[0],
            sectors=args.get("sector", []),
            help_area=args.get("help_area", [None])[0],
            activity=args.get("activity", [None])[0],
            programme=args.get("programme", [None])[0],
            country=args.get("country", [None])[0],
            has_room=args.get("has_room", ["false"])[0] == "true",
        )
        record("search?" + search, student, lambda a, q=query: service.search_mentors(a, q))
    mentor = token(spare_accept[1])
    record("inbox", mentor, lambda a: service.list_requests(a, "incoming"))
    mentee = token(spare_thread[1])
    record("thread", mentee, lambda a: service.get_thread(a, spare_thread[0]))
    record(
        "message",
        mentee,
        lambda a: service.send_message(a, spare_thread[0], "Thank you, that helped a lot."),
    )
    record("accept", mentor, lambda a: service.accept_request(a, spare_accept[0], ""))

    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    entries: list[str] = []
    next_accept = 0
    for _ in range(LIST_LENGTH):
        kind = rng.choice(kinds)
        if kind == "accept" and next_accept >= len(accepts):
            kind = "inbox"
        if kind == "search":
            entry = ("GET", "/api/v1/mentors?" + rng.choice(SEARCHES), token(rng.choice(students)))
            body, once = "", 0
        elif kind == "inbox":
            who = rng.choice(mentors)
            entry = ("GET", "/api/v1/requests?direction=incoming", token(who))
            body, once = "", 0
        elif kind in ("thread", "message"):
            thread_id, who = rng.choice(threads)
            if kind == "thread":
                entry, body = ("GET", f"/api/v1/threads/{thread_id}", token(who)), ""
            else:
                entry = ("POST", f"/api/v1/threads/{thread_id}/messages", token(who))
                body = json.dumps({"body": "Thanks, I will try that this week."})
            once = 0
        else:
            request_id, who = accepts[next_accept]
            next_accept += 1
            entry, body, once = ("POST", f"/api/v1/requests/{request_id}/accept", token(who)), "", 1
        method, path, bearer = entry
        lua_body = json.dumps(body) if body else "nil"
        entries.append(f'{{"{method}","{path}","Bearer {bearer}",{lua_body},{once}}}')
    service.store.close()
    script = out / "mix.lua"
    script.write_text(_LUA.replace("ENTRIES", ",\n".join(entries)))
    return script, recorded


_LUA = """-- Generated by bench/server.py: one list of requests, shared out between wrk's threads.
local entries = {
ENTRIES
}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  step = tonumber(args[1])
  i = id
  lap = 0
end
function request()
  while true do
    local e = entries[(i % #entries) + 1]
    i = i + step
    if i >= #entries then lap = 1 end
    if e[5] == 0 or lap == 0 then
      local headers = {["Authorization"] = e[3]}
      if e[4] then headers["Content-Type"] = "application/json" end
      return wrk.format(e[1], e[2], headers, e[4])
    end
  end
end
"""


# -- running wrk --------------------------------------------------------------------------

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def run_wrk(port: int, script: Path, seconds: int, threads: int = 2) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
            "--",
            str(threads),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    socket_errors = r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
    if match := re.search(socket_errors, out):
        errors += sum(int(g) for g in match.groups())
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors, "requests": requests}


def measure(mentors: int, seconds: int) -> tuple[dict[str, float], dict[str, float]]:
    net = common.network(mentors)
    out = common.BENCH / "out"
    out.mkdir(exist_ok=True)
    ours_dir = common.copy_network(net.data_dir, common.CACHE / "server-ours")
    bare_dir = common.copy_network(net.data_dir, common.CACHE / "server-bare")
    try:
        script, recorded = prepare_mix(ours_dir, out)
        traces = out / "traces.json"
        traces.write_text(json.dumps(recorded))
        port = _free_port()
        ours = subprocess.Popen(
            common.mentor_tui("--data-dir", str(ours_dir), "serve", "--port", str(port)),
            env=common.child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_up(port, ours, "/api/v1/health")
            common.say(f"server: {CONNECTIONS} clients for {seconds} s against mentor-tui serve")
            ours_result = run_wrk(port, script, seconds)
        finally:
            _stop(ours)
        port = _free_port()
        bare_argv = [common.PYTHON, str(common.BENCH / "bare_server.py"), str(traces)]
        bare = subprocess.Popen(
            [*bare_argv, str(bare_dir), str(port)],
            env=common.child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_up(port, bare, "/api/v1/requests")
            common.say(f"server: {CONNECTIONS} clients for {seconds} s against the bare endpoints")
            bare_result = run_wrk(port, script, seconds)
        finally:
            _stop(bare)
    finally:
        shutil.rmtree(ours_dir, ignore_errors=True)
        shutil.rmtree(bare_dir, ignore_errors=True)
    return ours_result, bare_result


def figures(mentors: int, seconds: int) -> list[Figure]:
    ours, bare = measure(mentors, seconds)
    size = f"{mentors:,} mentors"
    mix = ", ".join(f"{kind} {weight}%" for kind, weight in MIX)
    return [
        Figure(
            f"server throughput, {CONNECTIONS} clients ({size})",
            ours["rps"],
            "req/s",
            baseline=bare["rps"],
            higher_is_better=True,
            note=f"{seconds} s of wrk; mix: {mix}",
        ),
        Figure(f"server latency p50 ({size})", ours["p50"], "ms", baseline=bare["p50"]),
        Figure(f"server latency p99 ({size})", ours["p99"], "ms", baseline=bare["p99"]),
        Figure(
            f"server errors ({size})",
            ours["errors"],
            "",
            budget=0,
            note=f"of {int(ours['requests']):,} requests (bare: {int(bare['errors'])})",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    result = figures(args.mentors, args.seconds)
    if args.json:
        print(json.dumps([f.as_dict() for f in result], indent=2))
    else:
        print(common.table(result))


if __name__ == "__main__":
    sys.exit(main())
