"""The desktop application and the signals that end a program: SIGTERM (a logout, `kill`) and SIGINT
(Ctrl+C) close the window as its close button does (typed minutes reach the file, window.ini is
written) and Dabir exits 128 + the signal, whenever they come. POSIX only: Windows ends a windowed
program with a close message, not a signal.

No Qt import at the top: app/cli/main.py calls `defer()` before it imports Qt.

- Before the window runs, a signal is only noted (`defer`): raised as SystemExit, as the command line
  does, it could land inside a Qt callback during start-up, where PySide prints it and goes on (the
  window then opened and ignored it), or inside shiboken's own set-up (a crash report). `ui.app.run`
  looks at `received` before it enters the event loop.
- While it runs (`ended_by_signals`), Python would run the handler only when Python code next runs,
  and an idle window runs none (Qt waits in C): a `kill` once it was idle was never acted on. So the
  C-level handler also writes to a socket Qt watches (signal.set_wakeup_fd), and reading it runs
  Python, and so the handler, at once.
"""
import contextlib
import os
import signal

ENDING = (signal.SIGTERM, signal.SIGINT)
received: list[int] = []
_on_signal: list = []          # what ended_by_signals does when one comes


def _note(signum, _frame) -> None:
    received.append(signum)
    for react in list(_on_signal):
        react()


def defer() -> None:
    """From now on SIGTERM and SIGINT are noted in `received`, not raised."""
    if os.name == "posix":
        for number in ENDING:
            signal.signal(number, _note)


@contextlib.contextmanager
def ended_by_signals(window):
    """While app.exec() runs: a signal closes `window` and quits at once, even when it is idle."""
    if os.name != "posix":
        yield
        return
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer
    from PySide6.QtWidgets import QApplication

    def end() -> None:
        window.close()
        # posted, not called: the handler may run just before app.exec() starts, and a quit() then is lost
        QTimer.singleShot(0, QApplication.quit)

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda *_: _drain(reader))
    previous = {n: signal.signal(n, _note) for n in ENDING}
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    _on_signal.append(end)
    try:
        yield
    finally:
        _on_signal.remove(end)
        signal.set_wakeup_fd(previous_fd)
        for number, handler in previous.items():
            signal.signal(number, handler)
        notifier.setEnabled(False)
        reader.close()
        writer.close()


def _drain(sock) -> None:
    with contextlib.suppress(BlockingIOError):
        while sock.recv(64):
            pass
