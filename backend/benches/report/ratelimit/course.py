"""Times the course's RateLimiter on the bench's arrivals, against the Redis whose port is given.

rate_limiter.py beside this file is the course's 演習2 code, copied verbatim. Its methods read
time.time(); this driver replaces that with a virtual clock stepping like the Rust paths' arrivals, so
every path decides the same requests (the lab's replay passes `now` the same way). Prints JSON: the
Python and redis-py versions and, per method, the wall time of the timed calls, how many were allowed,
and each call's latency in nanoseconds. The Rust side computes p50/p99, so every row of the report uses
one definition.
"""

import argparse
import json
import platform
import time

import redis

from rate_limiter import RateLimiter


class VirtualClock:
    """Stands in for time.time(): seconds, set by the driver before each call."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def measure(method, clock, args):
    """Calls `method` once per arrival; times the calls after the warm-up."""
    latencies_ns = []
    allowed = 0
    started = time.perf_counter_ns()
    for i in range(args.warmup + args.decisions):
        if i == args.warmup:
            started = time.perf_counter_ns()
        clock.now = (args.origin_us + i * args.step_us) / 1_000_000
        call = time.perf_counter_ns()
        ok, _remaining = method(
            key="api:bench",
            max_requests=args.max_requests,
            window_seconds=args.window_seconds,
        )
        if i >= args.warmup:
            latencies_ns.append(time.perf_counter_ns() - call)
            allowed += int(ok)
    return {
        "elapsed_ns": time.perf_counter_ns() - started,
        "allowed": allowed,
        "latencies_ns": latencies_ns,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    for flag in (
        "port",
        "decisions",
        "warmup",
        "origin-us",
        "step-us",
        "max-requests",
        "window-seconds",
    ):
        parser.add_argument(f"--{flag}", type=int, required=True)
    args = parser.parse_args()

    clock = VirtualClock()
    time.time = clock
    limiter = RateLimiter(redis.Redis(host="127.0.0.1", port=args.port))
    methods = {
        "fixed_window": measure(limiter.is_allowed, clock, args),
        "sliding_log_course": measure(limiter.sliding_window, clock, args),
    }
    print(
        json.dumps(
            {
                "python": platform.python_version(),
                "redis_py": redis.__version__,
                "methods": methods,
            }
        )
    )


if __name__ == "__main__":
    main()
