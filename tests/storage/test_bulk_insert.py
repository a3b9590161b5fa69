"""add_events' bulk insert (statement compiled once, rows straight to the driver) stores
every value as an ordinary edit would, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from interactioncoder.core.events import Event, new_event_id
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.schema import EventRow


def test_bulk_added_events_read_back_equal(
    repo: ProjectRepository, populated: dict[str, int]
) -> None:
    events = [
        Event(new_event_id(), "sensitive", i, i * 40.0, i + 3, (i + 3) * 40.0)
        for i in range(0, 12_000, 4)
    ]
    events.append(Event(new_event_id(), "sensitive", 20_000, 800_000.0, comment="still on"))
    events.append(
        Event(new_event_id(), "sensitive", 20_010, 800_400.0, 20_011, 800_440.0, comment="ünï")
    )
    assert repo.add_events(populated["coding"], iter(events)) == len(events)  # > one batch
    stored = repo.list_events(populated["coding"])
    assert sorted(stored, key=lambda e: e.id) == sorted(events, key=lambda e: e.id)
    running = next(e for e in stored if e.comment == "still on")
    assert running.offset_frame is None and running.offset_ms is None


def test_bulk_added_events_carry_their_time(
    repo: ProjectRepository, populated: dict[str, int]
) -> None:
    before = datetime.now(UTC) - timedelta(seconds=5)
    repo.add_events(populated["coding"], [Event(new_event_id(), "sensitive", 0, 0.0, 1, 40.0)])
    with repo._read_engine.connect() as conn:  # the timestamps are not part of an Event
        created, updated = conn.execute(select(EventRow.created_at, EventRow.updated_at)).one()
    assert created == updated
    assert created.replace(tzinfo=created.tzinfo or UTC) >= before
