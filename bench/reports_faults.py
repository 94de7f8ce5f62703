"""Faults in the deadline burst: the copycheck worker killed twice, gunicorn killed, PostgreSQL restarted.

    python -m bench.reports_faults                                   # 100,000 members, 5,000 reports, 360 s
    python -m bench.reports_faults --members 10000 --writers 1000 --seconds 120     # scaled down

The burst of ``bench.reports_submit`` (same options, same checks afterwards) with, at fixed points of it:

* 25%: every copycheck worker killed with SIGKILL (mid-check, as likely as not: the index in its memory,
  findings not committed, or committed and not yet on disk);
* 45%: gunicorn (master and workers) killed with SIGKILL — clients get refused connections and retry
  with the same text;
* 65%: PostgreSQL restarted (``pg_ctlcluster --skip-systemctl-redirect <version> main restart``) — every
  process loses its connections at once;
* 85%: the copycheck workers killed again.

Killed processes are started again within a second, as systemd's ``Restart=always`` does for the units the
README prescribes. The run passes (exit 0) when, once the queue is drained: no acknowledged report is
without its version (nothing lost), no report has a second version of one text, every version is checked,
the index holds each checked text exactly once (documents = checked versions + library texts, nothing
replaced) and no pair of reports has findings in both directions (no finding doubled); planted copies
found is reported beside (no finding lost). Figures go to bench/out/reports-submit-faults.json.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from bench.reports_submit import parser, run
from bench.reports_world import Stack, restart_postgres


def faults(stack: Stack, seconds: float, start: float) -> dict[str, Any]:
    done: dict[str, Any] = {}

    def at(share: float) -> None:
        time.sleep(max(0.0, start + share * seconds - time.monotonic()))

    at(0.25)
    for checker in stack.checkers:
        checker.kill()
    done["copycheck_killed_at_s"] = round(time.monotonic() - start, 1)
    at(0.45)
    stack.web.kill()
    done["gunicorn_killed_at_s"] = round(time.monotonic() - start, 1)
    at(0.65)
    done["postgres_restart_s"] = round(restart_postgres(), 1)
    done["postgres_restarted_at_s"] = round(time.monotonic() - start, 1)
    at(0.85)
    for checker in stack.checkers:
        checker.kill()
    done["copycheck_killed_again_at_s"] = round(time.monotonic() - start, 1)
    return done


def main(argv: list[str] | None = None) -> int:
    return run(parser().parse_args(argv), faults)


if __name__ == "__main__":
    sys.exit(main())
