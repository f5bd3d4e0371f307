"""Imported by the forkserver of a run's worker processes, first of its preloaded modules, and
nowhere else (see engine.ProcessEngine): the server ignores Ctrl-C from here on, and so does
every worker forked from it, from its first instruction.

Python's forkserver ignores SIGINT itself only after its preloaded imports (a second or more),
and each worker it forks puts back the handler the server had before that, Python's default:
a Ctrl-C to the terminal's process group in between raised KeyboardInterrupt in the server
(6 of 6 runs signalled as it started printed its traceback beside "Interrupted.") or in a worker
not yet at its initializer. The run starts the server with SIGINT blocked (engine._submit), so
nothing arrives before this module runs; a SIGINT held pending meanwhile is dropped as it
becomes ignored.
"""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
