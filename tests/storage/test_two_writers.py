"""Two programs writing one project at the same moment, on SQLite and PostgreSQL.

Each writer is a thread with its own repository (its own engines and connections), as a
second program would be. Both start every round from the same stored state and are
released together by a barrier: exactly one edit of an event may win, the other must get
a clean ConflictError (0 lost updates), and racing ratings never leave two rows.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from typing import TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from interactioncoder.core.events import Event, EventChangeSet, EventUpdate, new_event_id
from interactioncoder.core.project import SessionVideo
from interactioncoder.core.timebase import Timebase
from interactioncoder.storage import ProjectRepository, open_project
from interactioncoder.storage.errors import ConflictError
from tests.storage.conftest import small_codebook

ROUNDS = 200
T = TypeVar("T")


def make_coding(repo: ProjectRepository) -> tuple[int, int]:
    """(coding id, segment id) of a small session."""
    tb = Timebase.constant(25, 250)
    video = repo.add_video("/v/m.mp4", 1, "fp", tb.duration_ms, 250, 25.0, False)
    dyad = repo.add_dyad("D1")
    session = repo.add_session(dyad.id, "s1", [SessionVideo(video.id, 0.0, "mother", True)])
    coder = repo.add_coder("Alice")
    cbv = repo.store_codebook(small_codebook())
    coding = repo.create_coding(session.id, coder.id, cbv.id)
    segment = repo.add_segment(session.id, "part 1", 0, 0.0, 100, 4000.0)
    return coding.id, segment.id


@pytest.fixture
def writers(project_location: str) -> Iterator[tuple[ProjectRepository, ProjectRepository]]:
    first = open_project(project_location)
    second = open_project(project_location)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


def race(first: Callable[[], T], second: Callable[[], T]) -> list[T | BaseException]:
    """Run both calls at the same instant on two threads; each result or exception."""
    barrier = threading.Barrier(2)
    results: list[T | BaseException] = [RuntimeError("not run"), RuntimeError("not run")]

    def run(i: int, call: Callable[[], T]) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except BaseException as exc:  # collected and checked by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate((first, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_racing_event_updates_lose_nothing(
    writers: tuple[ProjectRepository, ProjectRepository],
) -> None:
    a, b = writers
    coding, _ = make_coding(a)
    event = Event(new_event_id(), "sensitive", 10, 400.0, 20, 800.0)
    a.apply_event_changes(coding, EventChangeSet(added=(event,)))
    outcomes: Counter[str] = Counter()
    for round_ in range(ROUNDS):
        # both writers read the same stored state ...
        (seen_a,) = a.list_events(coding)
        (seen_b,) = b.list_events(coding)
        assert seen_a == seen_b
        after_a = seen_a.with_changes(comment=f"A{round_}", onset_frame=11 + round_ % 5)
        after_b = seen_b.with_changes(comment=f"B{round_}", offset_frame=21 + round_ % 5)
        # ... and each edits it from that state
        results = race(
            partial(
                a.apply_event_changes,
                coding,
                EventChangeSet(updated=(EventUpdate(seen_a, after_a),)),
            ),
            partial(
                b.apply_event_changes,
                coding,
                EventChangeSet(updated=(EventUpdate(seen_b, after_b),)),
            ),
        )
        won = [i for i, r in enumerate(results) if not isinstance(r, BaseException)]
        lost = [r for r in results if isinstance(r, BaseException)]
        assert len(won) == 1, f"round {round_}: {results}"  # both winning = a lost update
        assert len(lost) == 1 and isinstance(lost[0], ConflictError), lost
        assert "changed elsewhere" in str(lost[0]) and "\n" not in str(lost[0])
        (stored,) = a.list_events(coding)
        assert stored == (after_a, after_b)[won[0]]  # the winner's edit, entirely
        outcomes["ab"[won[0]]] += 1
    assert sum(outcomes.values()) == ROUNDS


def test_racing_ratings_never_duplicate(
    writers: tuple[ProjectRepository, ProjectRepository],
) -> None:
    a, b = writers
    coding, segment = make_coding(a)
    for round_ in range(ROUNDS):
        scale = f"scale{round_}"  # a new key each round: both writers insert at once
        seg = None if round_ % 2 == 0 else segment
        results = race(
            partial(a.set_rating, coding, scale, 3, seg),
            partial(b.set_rating, coding, scale, 7, seg),
        )
        assert not any(isinstance(r, BaseException) for r in results), results
        # one of them inserted (previous None), the other replaced it (previous = its value)
        assert sorted(results, key=str) in ([3, None], [7, None]), results
    ratings = a.list_ratings(coding)
    keys = Counter((r.scale_id, r.segment_id) for r in ratings)
    assert len(ratings) == ROUNDS
    assert max(keys.values()) == 1  # 0 duplicate ratings


@pytest.mark.parametrize("with_segment", [False, True])
def test_database_refuses_a_second_rating_row(
    writers: tuple[ProjectRepository, ProjectRepository], with_segment: bool
) -> None:
    """The unique index holds even for SQL that bypasses the repository (NULL segment too)."""
    a, _ = writers
    coding, segment = make_coding(a)
    seg = segment if with_segment else None
    a.set_rating(coding, "sens_global", 5, seg)
    insert = text(
        "INSERT INTO ratings (coding_id, scale_id, segment_id, value, updated_at) "
        "VALUES (:c, 'sens_global', :s, 6, CURRENT_TIMESTAMP)"
    )
    with pytest.raises(IntegrityError), a._write_engine.begin() as conn:
        conn.execute(insert, {"c": coding, "s": seg})
    assert [r.value for r in a.list_ratings(coding)] == [5]


def test_racing_codebook_stores_share_one_version(
    writers: tuple[ProjectRepository, ProjectRepository],
) -> None:
    a, b = writers
    for round_ in range(20):
        book = small_codebook(version=f"r{round_}")
        results = race(partial(a.store_codebook, book), partial(b.store_codebook, book))
        assert not any(isinstance(r, BaseException) for r in results), results
        assert results[0] == results[1]
    assert len(a.list_codebook_versions()) == 20


def test_codebook_stored_meanwhile_is_reused(
    writers: tuple[ProjectRepository, ProjectRepository],
) -> None:
    """B stores a codebook while A's uncommitted transaction holds the same one."""
    a, b = writers
    book = small_codebook(version="meanwhile")
    got: list[object] = []
    with a.atomic():
        mine = a.store_codebook(book)
        worker = threading.Thread(target=lambda: got.append(b.store_codebook(book)))
        worker.start()
        worker.join(timeout=0.5)  # B waits for A (the row lock or SQLite's write lock)
    worker.join(timeout=30)
    assert got == [mine]
    assert [v.id for v in b.list_codebook_versions()] == [mine.id]
