"""Worker for the SIGKILL test: makes edits forever and reports each one.

Prints ``BEGIN <json>`` before an edit call and ``DONE`` once it has returned, flushing
each line, so the test knows which edits were confirmed and which one was in flight when
the process was killed.
"""

from __future__ import annotations

import json
import random
import sys

from interactioncoder.core.events import Event, EventChangeSet, EventUpdate, new_event_id
from interactioncoder.storage import open_project


def main(path: str, coding_id: int, seed: int) -> None:
    rng = random.Random(seed)
    repo = open_project(path)
    events = {e.id: e for e in repo.list_events(coding_id)}
    while True:
        roll = rng.random()
        if roll < 0.7 or len(events) < 5:
            onset = rng.randrange(0, 10_000)
            new = Event(new_event_id(), "freeze", onset, onset * 40.0, onset, onset * 40.0)
            change = EventChangeSet(added=(new,))
            record = {"op": "add", "event": new.to_dict()}
        elif roll < 0.9:
            old = events[rng.choice(sorted(events))]
            onset = rng.randrange(0, 10_000)
            new = old.with_changes(
                onset_frame=onset, onset_ms=onset * 40.0, offset_frame=onset, offset_ms=onset * 40.0
            )
            change = EventChangeSet(updated=(EventUpdate(old, new),))
            record = {"op": "update", "event": new.to_dict()}
        else:
            old = events[rng.choice(sorted(events))]
            change = EventChangeSet(removed=(old,))
            record = {"op": "remove", "event": old.to_dict()}
        print("BEGIN " + json.dumps(record), flush=True)
        repo.apply_event_changes(coding_id, change)
        print("DONE", flush=True)
        events = change.apply_to(events)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
