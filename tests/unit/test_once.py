"""Work done once per burst (bot/once.py): a burst of changes redraws each Home once per queued redraw."""

from __future__ import annotations

from bot.once import Once


class QueuedExecutor:
    """Holds submitted jobs until the test runs them: what a busy listener executor looks like."""

    def __init__(self) -> None:
        self.jobs: list = []

    def submit(self, fn, *args):
        self.jobs.append((fn, args))

    def run_all(self) -> None:
        jobs, self.jobs = self.jobs, []
        for fn, args in jobs:
            fn(*args)


def test_once_coalesces_jobs_waiting_in_the_queue():
    executor, ran = QueuedExecutor(), []
    once = Once(executor)
    assert once.submit(("home", "U1"), ran.append, "U1 first")
    assert not once.submit(("home", "U1"), ran.append, "U1 again")
    assert once.submit(("home", "U2"), ran.append, "U2")
    executor.run_all()
    assert ran == ["U1 first", "U2"]
    assert once.submit(("home", "U1"), ran.append, "U1 later"), "a key is forgotten once its job has run"
    executor.run_all()
    assert ran[-1] == "U1 later"


def test_a_change_during_a_job_queues_one_more():
    executor, ran = QueuedExecutor(), []
    once = Once(executor)

    def redraw() -> None:
        ran.append("redraw")
        if len(ran) == 1:  # a change lands while the first redraw reads
            assert once.submit("home", redraw)

    once.submit("home", redraw)
    executor.run_all()
    executor.run_all()
    assert ran == ["redraw", "redraw"]


def test_a_failing_job_is_logged_and_forgotten(caplog):
    executor = QueuedExecutor()
    once = Once(executor)
    once.submit("home", lambda: 1 / 0)
    executor.run_all()
    assert "background job 'home' failed" in caplog.text
    assert once.submit("home", lambda: None)


def test_a_window_gathers_a_burst_into_one_job():
    executor, ran, timers = QueuedExecutor(), [], []
    once = Once(executor, window=1.0, later=lambda delay, fn: timers.append((delay, fn)))
    for change in range(300):
        once.submit(("home", "U1"), ran.append, f"after change {change}")
    assert [delay for delay, _ in timers] == [1.0] and executor.jobs == [], "nothing runs before the window ends"
    timers[0][1]()
    executor.run_all()
    assert ran == ["after change 0"]  # it reads the state as of now, which has all 300 changes
