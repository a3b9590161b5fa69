"""Blind to condition: a non-PI coder sees the random code only; the PI sees everything."""

from __future__ import annotations

from pathlib import Path

from interactioncoder.workflow.blinding import (
    hidden_values,
    is_blinded,
    session_views,
    set_blind_to_condition,
)
from interactioncoder.workflow.session_setup import (
    CameraPlan,
    SessionPlan,
    add_sessions,
)
from tests.workflow.helpers import study_project, tiny_video


def test_is_blinded() -> None:
    from interactioncoder.core.project import Coder

    pi, ra = Coder(1, "Pia", is_pi=True), Coder(2, "Ria")
    assert is_blinded(ra, True) and is_blinded(None, True)
    assert not is_blinded(pi, True) and not is_blinded(ra, False)


def _project(tmp_path: Path, blind: bool):  # type: ignore[no-untyped-def]
    video = tiny_video(tmp_path, "D017_post_mother.mp4")
    repo = study_project(tmp_path, blind=blind)
    plan = SessionPlan("D017", "post", (CameraPlan(video, "mother", 0.0, True),), "t2", 180)
    (session,) = add_sessions(repo, [plan]).added
    repo.set_dyad_field(session.dyad_id, "arm", "psychotherapy")
    repo.set_dyad_field(session.dyad_id, "site", "Leipzig")
    return repo, session


def test_coder_sees_only_the_code_and_pi_sees_everything(tmp_path: Path) -> None:
    repo, session = _project(tmp_path, blind=True)
    try:
        pia, ria = repo.list_coders()
        code = repo.blind_codes()[session.id]
        coder_view = session_views(repo, ria)[session.id]
        assert coder_view.blinded and coder_view.label == code and coder_view.fields == {}
        hidden = hidden_values(repo, session.id)
        assert {"D017", "post", "t2", "180", "psychotherapy", "Leipzig"} <= hidden
        assert "D017_post_mother.mp4" in hidden
        assert not any(h in coder_view.label for h in hidden)
        pi_view = session_views(repo, pia)[session.id]
        assert pi_view.label == "D017 / post" and not pi_view.blinded
        assert pi_view.fields == {
            "dyad": "D017",
            "session": "post",
            "visit": "t2",
            "infant_age_days": "180",
            "arm": "psychotherapy",
            "site": "Leipzig",
            "blind_code": code,
        }
    finally:
        repo.close()


def test_option_off_shows_everyone_the_labels(tmp_path: Path) -> None:
    repo, session = _project(tmp_path, blind=False)
    try:
        ria = repo.list_coders()[1]
        view = session_views(repo, ria)[session.id]
        assert view.label == "D017 / post" and view.fields["arm"] == "psychotherapy"
        assert "blind_code" not in view.fields
    finally:
        repo.close()


def test_switching_the_option_on_gives_sessions_without_a_code_one(tmp_path: Path) -> None:
    repo = study_project(tmp_path, blind=False)
    try:
        dyad = repo.add_dyad("D020")
        plain = repo.add_session(dyad.id, "pre")  # e.g. added by an older version
        assert plain.id not in repo.blind_codes()
        set_blind_to_condition(repo, True)
        code = repo.blind_codes()[plain.id]
        assert code.startswith("S-") and len(code) == 8
        assert session_views(repo, repo.list_coders()[1])[plain.id].label == code
        set_blind_to_condition(repo, False)
        assert not repo.blind_to_condition and repo.blind_codes()[plain.id] == code
    finally:
        repo.close()


def test_a_pi_export_carries_labels_and_code_a_coder_export_the_code_only(
    tmp_path: Path,
) -> None:
    from interactioncoder.exchange.exporters.run import build_tables
    from interactioncoder.exchange.project_data import load_project_data
    from interactioncoder.workflow.blinding import blind_project_data

    repo, session = _project(tmp_path, blind=True)
    try:
        code = repo.blind_codes()[session.id]
        _pia, ria = repo.list_coders()
        version = repo.list_codebook_versions()[0]
        repo.create_coding(session.id, ria.id, version.id)
        data = load_project_data(repo)
        pi_rows = build_tables(data, ["events", "summary"])["summary"]
        assert set(pi_rows.dyad) == {"D017"} and set(pi_rows.session_code) == {code}
        assert set(pi_rows.visit) == {"t2"} and set(pi_rows.infant_age_days) == {180}
        coder_rows = build_tables(blind_project_data(data, repo.blind_codes()), ["summary"])
        table = coder_rows["summary"]
        assert set(table.dyad) == {code} and set(table.session) == {code}
        assert set(table.session_code) == {code}
        assert set(table.visit) == {""} and table.infant_age_days.isna().all()
    finally:
        repo.close()
