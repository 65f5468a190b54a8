"""What `alongside serve` becomes once it has started nothing yet but collected static files:
a small supervisor of the two servers, with nothing of Django in it. `serve` execs into it
(same process, so a supervisor above sees the same pid) so that the ~100 MB setting Django up
cost doesn't sit beside the workers all day.

    python -m alongside.core.supervise '[["granian", ...], ["uvicorn", ...]]'

If either server dies, the other is stopped, so a supervisor above can restart the pair; on
SIGTERM or SIGINT both are asked to stop, and the exit status is the worst of theirs.
"""

import json
import signal
import subprocess
import sys
import time
from typing import Any


def run(commands: list[list[str]], *, grace: float = 20) -> int:
    processes = [subprocess.Popen(command) for command in commands]  # noqa: S603

    def stop(signum: int, frame: Any) -> None:
        for process in processes:
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while all(process.poll() is None for process in processes):
        time.sleep(0.5)
    stop(signal.SIGTERM, None)
    return max(abs(_wait_or_kill(process, grace)) for process in processes)


def _wait_or_kill(process: subprocess.Popen[bytes], grace: float) -> int:
    """Both servers drain requests for up to 10 s; past that a stuck one is killed."""
    try:
        return process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


if __name__ == "__main__":
    sys.exit(run(json.loads(sys.argv[1])))
