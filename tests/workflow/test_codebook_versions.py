"""New codebook versions: codings keep theirs; a move only when nothing used was removed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from interactioncoder.core.codebook import (
    Code,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
    RatingScale,
)
from interactioncoder.core.codebook.loader import CodebookError
from interactioncoder.core.events import Event, new_event_id
from interactioncoder.core.project import CodingRole, Rating
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.codebook_versions import (
    VersionError,
    move_coding,
    move_problems,
    next_version_label,
    save_codebook_version,
)
from interactioncoder.workflow.session_setup import add_sessions, group_files
from tests.workflow.helpers import small_codebook, study_project, tiny_video

WHO = Modifier(
    "who",
    "Who",
    ModifierKind.CHOICE,
    (ModifierChoice("mother", "Mother"), ModifierChoice("infant", "Infant")),
)
INTENSITY = Modifier("intensity", "Intensity", ModifierKind.NUMBER, minimum=1, maximum=5)


def with_modifiers(version: str = "1", who: Modifier = WHO, intensity: Modifier = INTENSITY):  # type: ignore[no-untyped-def]
    cb = small_codebook(version)
    group = cb.groups[0]
    sensitive = replace(group.codes[0], modifiers=(who, intensity))
    return replace(cb, groups=(replace(group, codes=(sensitive, group.codes[1])),))


def state(code: str, **mods: str | float) -> Event:
    return Event(new_event_id(), code, 0, 0.0, 10, 400.0, mods)


def test_next_version_label() -> None:
    assert next_version_label("1") == "2"
    assert next_version_label("1.4") == "1.5"
    assert next_version_label("v2-draft") == "v3-draft"
    assert next_version_label("draft") == "draft-2"


def test_move_problems_name_everything_removed_or_changed() -> None:
    events = [
        state("sensitive", who="infant", intensity=4),
        state("intrusive"),
        Event(new_event_id(), "sensitive", 5, 200.0),  # a point of a state code
    ]
    ratings = [Rating(1, "sens_global", 8)]
    assert move_problems(with_modifiers(), events[:2], ratings) == []
    assert move_problems(with_modifiers(), events[2:]) == [
        "code 'sensitive' changed kind (now state)"
    ]
    fewer = replace(WHO, choices=WHO.choices[:1])
    narrower = replace(INTENSITY, maximum=3)
    cb = with_modifiers("2", fewer, narrower)
    cb = replace(cb, groups=(replace(cb.groups[0], codes=cb.groups[0].codes[:1]),))
    cb = replace(cb, scales=(RatingScale("sens_global", "Sensitivity", "mother", 1, 7),))
    assert sorted(move_problems(cb, events[:2], ratings)) == [
        "choice 'infant' of modifier 'who' was removed",
        "code 'intrusive' was removed",
        "rating 8 on 'sens_global' is outside 1-7",
        "value 4 of modifier 'intensity' is outside its new range",
    ]
    no_scale = replace(with_modifiers(), scales=())
    assert move_problems(no_scale, [], ratings) == ["rating scale 'sens_global' was removed"]


def _project_with_coding(tmp_path: Path) -> tuple[ProjectRepository, int]:
    tiny_video(tmp_path, "D1_a.mp4")
    repo = study_project(tmp_path)
    add_sessions(repo, group_files([tmp_path / "D1_a.mp4"]).sessions)
    v1 = save_codebook_version(repo, with_modifiers("1.1"))
    (session,) = repo.list_sessions()
    coding = repo.create_coding(session.id, repo.list_coders()[1].id, v1.id, CodingRole.PRIMARY)
    repo.add_events(coding.id, [state("sensitive", who="mother"), state("intrusive")])
    repo.set_rating(coding.id, "sens_global", 6)
    return repo, coding.id


def test_save_makes_a_new_version_and_codings_keep_theirs(tmp_path: Path) -> None:
    repo, coding_id = _project_with_coding(tmp_path)
    try:
        old = repo.get_coding(coding_id).codebook_version_id
        extra = Code("withdrawn", "Withdrawn", CodeKind.STATE, "W", "#777777")
        grown = with_modifiers("1.2")
        grown = replace(
            grown, groups=(replace(grown.groups[0], codes=(*grown.groups[0].codes, extra)),)
        )
        new = save_codebook_version(repo, grown)
        assert new.id != old and len(repo.list_codebook_versions()) == 3
        assert repo.get_coding(coding_id).codebook_version_id == old
        assert save_codebook_version(repo, grown).id == new.id  # same content: same version
        with pytest.raises(VersionError, match=r"call this one '1\.3'"):
            save_codebook_version(repo, replace(grown, name="Other name"))
        bad = replace(
            grown, groups=(replace(grown.groups[0], codes=(replace(extra, color="red"),)),)
        )
        with pytest.raises(CodebookError):
            save_codebook_version(repo, replace(bad, version="9"))
        previous = move_coding(repo, coding_id, new.id)
        assert previous.codebook_version_id == old
        assert repo.get_coding(coding_id).codebook_version_id == new.id
    finally:
        repo.close()


def test_move_refused_when_a_used_code_was_removed(tmp_path: Path) -> None:
    repo, coding_id = _project_with_coding(tmp_path)
    try:
        old = repo.get_coding(coding_id).codebook_version_id
        cb = with_modifiers("2")
        cut = save_codebook_version(
            repo, replace(cb, groups=(replace(cb.groups[0], codes=cb.groups[0].codes[:1]),))
        )
        with pytest.raises(VersionError, match="code 'intrusive' was removed"):
            move_coding(repo, coding_id, cut.id)
        assert repo.get_coding(coding_id).codebook_version_id == old
    finally:
        repo.close()
