"""`coach` and `python -m coach`: the entry point, which guards Ctrl-C before anything loads.

Importing the CLI (typer and the commands' modules) takes a noticeable fraction of a second;
a Ctrl-C in that time would otherwise print Python's traceback. Until `coach.cli.main`
installs its one error handler, a Ctrl-C ends the process with the usual line and exit 130:
nothing has been read or written yet.
"""

import os
import signal
import sys


def _stopped(signum, frame) -> None:
    sys.stderr.write("coach: stopped: nothing was written\n")
    sys.stderr.flush()
    os._exit(130)


def run() -> None:
    early = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if early:
        signal.signal(signal.SIGINT, _stopped)
    from coach.cli import main

    if early:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    main()


if __name__ == "__main__":
    run()
