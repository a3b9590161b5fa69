"""BORIS project import: ethogram -> codebook, observations -> codings, bad input."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from interactioncoder.core.codebook import CodeKind, ModifierKind
from interactioncoder.exchange.importers.boris import read_boris
from interactioncoder.exchange.importers.common import ImportFormatError


def boris_project(video_dir: Path | None = None) -> dict[str, Any]:
    """A project shaped as BORIS 8 writes it (format 7.0)."""
    vdir = video_dir or Path("/nowhere")
    media = {
        "length": {str(vdir / "obs1.mp4"): 60.0, str(vdir / "obs2.mp4"): 30.0},
        "fps": {str(vdir / "obs1.mp4"): 25.0, str(vdir / "obs2.mp4"): 25.0},
        "hasVideo": {}, "hasAudio": {},
    }  # fmt: skip
    return {
        "time_format": "hh:mm:ss",
        "project_format_version": "7.0",
        "project_name": "Still face pilot",
        "project_date": "2024-03-01T10:00:00",
        "project_description": "",
        "subjects_conf": {
            "0": {"key": "1", "name": "mother", "description": "Mother"},
            "1": {"key": "2", "name": "infant", "description": "Infant"},
        },
        "behavioral_categories": ["Affect", "Gaze"],
        "behaviors_conf": {
            "0": {"type": "State event", "key": "p", "code": "positive", "description": "smiles",
                  "category": "Affect", "modifiers": {}, "excluded": "neutral,negative",
                  "coding map": "", "color": "#22AA22"},
            "1": {"type": "State event", "key": "n", "code": "neutral", "description": "",
                  "category": "Affect", "modifiers": {}, "excluded": "positive,negative",
                  "coding map": "", "color": ""},
            "2": {"type": "State event", "key": "x", "code": "negative", "description": "frowns",
                  "category": "Affect",
                  "modifiers": {"0": {"name": "intensity", "type": 0,
                                      "values": ["low (l)", "high (h)"]}},
                  "excluded": "positive,neutral", "coding map": ""},
            "3": {"type": "Point event", "key": "g", "code": "glance", "description": "",
                  "category": "Gaze",
                  "modifiers": {"0": {"name": "target", "type": 0, "values": ["face", "toy"]},
                                "1": {"name": "distance", "type": 2, "values": []}},
                  "excluded": "", "coding map": ""},
            "4": {"type": "State event", "key": "a", "code": "gaze away", "description": "",
                  "category": "Gaze", "modifiers": {}, "excluded": "", "coding map": ""},
        },
        "independent_variables": {"0": {"label": "visit", "type": "text", "description": "",
                                        "default value": "", "possible values": ""}},
        "coding_map": {}, "behaviors_coding_map": [], "converters": {},
        "observations": {
            "D01": {
                "file": {"1": [str(vdir / "obs1.mp4")], "2": []},
                "type": "MEDIA", "date": "2024-03-02T10:00:00", "description": "first visit",
                "time offset": 0.0,
                "independent_variables": {"visit": "1"},
                "media_info": media | {"offset": {"1": 0.0, "2": 0.0}},
                "events": [
                    [1.0, "mother", "positive", "", "", 25],
                    [4.0, "mother", "positive", "", "", 100],
                    [4.0, "mother", "negative", "high", "sighs", 100],
                    [2.5, "infant", "glance", "toy|3.5", "", 62],
                    [9.0, "mother", "negative", "high", "", 225],
                    [10.0, "infant", "gaze away", "", "", 250],
                    [12.0, "infant", "gaze away", "", "", 300],
                    [13.0, "", "glance", "None|None", "", 325],
                ],
            },
            "D02": {
                "file": {"1": [str(vdir / "obs2.mp4")]},
                "type": "MEDIA", "date": "2024-03-09T10:00:00", "description": "",
                "time offset": 0.0, "independent_variables": {},
                "media_info": media | {"offset": {"1": 0.0}},
                "events": [[0.5, "infant", "glance", "face|", "", 12]],
            },
            "live one": {"file": {}, "type": "LIVE", "time offset": 0.0,
                         "events": [[1.0, "", "glance", "", ""]]},
        },
    }  # fmt: skip


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "p.boris") -> Path:
    path = tmp_path / name
    data = json.dumps(doc).encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


@pytest.mark.parametrize("name", ["p.boris", "p.boris.gz"])
def test_ethogram_becomes_codebook(tmp_path: Path, name: str) -> None:
    bundle = read_boris(_write(tmp_path, boris_project(), name), coder="Ana")
    cb = bundle.codebook
    assert cb is not None
    assert [s.name for s in cb.subjects] == ["mother", "infant", "No focal subject"]
    affect = cb.group("mother_Affect")
    assert affect.exclusive  # positive/neutral/negative exclude each other: a clique
    assert [c.name for c in affect.codes] == ["positive", "neutral", "negative"]
    assert affect.subject == "mother"
    gaze = cb.group("infant_Gaze")
    assert not gaze.exclusive
    glance = cb.code("infant_glance")
    assert glance.kind is CodeKind.POINT
    assert [m.kind for m in glance.modifiers] == [ModifierKind.CHOICE, ModifierKind.NUMBER]
    assert [c.name for c in glance.modifiers[0].choices] == ["face", "toy"]
    negative = cb.code("mother_negative")
    assert [c.name for c in negative.modifiers[0].choices] == ["low", "high"]  # key suffix gone
    assert cb.code("mother_positive").color == "#22aa22"
    keys = [c.key for c in cb.codes()]
    assert len(keys) == len(set(keys))  # every code keeps a unique key
    assert cb.code("mother_positive").key == "P"


def test_observations_become_sessions_with_paired_states(tmp_path: Path) -> None:
    bundle = read_boris(
        _write(tmp_path, boris_project()), coder="Ana", observation_coders={"D02": "Ben"}
    )
    sessions = {s.name: s for s in bundle.sessions}
    assert set(sessions) == {"D01", "D02"}
    assert any("'live one' skipped" in n for n in bundle.notes)
    (d01,) = sessions["D01"].codings
    assert d01.coder == "Ana"
    got = [(e.code_id, e.onset_ms, e.offset_ms, dict(e.modifiers), e.comment) for e in d01.events]
    assert got == [
        ("mother_positive", 1000.0, 4000.0, {}, ""),
        ("infant_glance", 2500.0, 2500.0, {"target": "toy", "distance": 3.5}, ""),
        ("mother_negative", 4000.0, 9000.0, {"intensity": "high"}, "sighs"),
        ("infant_gaze_away", 10000.0, 12000.0, {}, ""),
        ("no_focal_subject_glance", 13000.0, 13000.0, {}, ""),
    ]
    assert "visit: 1" in sessions["D01"].notes
    assert sessions["D02"].codings[0].coder == "Ben"
    assert not any("shifted" in n for n in bundle.notes)
    (media,) = sessions["D01"].media
    assert media.fps == 25.0
    assert media.duration_ms == 60000.0
    assert media.is_master


def test_second_camera_offset(tmp_path: Path) -> None:
    doc = boris_project(tmp_path)
    obs = doc["observations"]["D01"]
    obs["file"]["2"] = [str(tmp_path / "side.mp4")]
    obs["media_info"]["offset"]["2"] = 1.5
    bundle = read_boris(_write(tmp_path, doc), coder="Ana")
    d01 = next(s for s in bundle.sessions if s.name == "D01")
    assert [(m.camera, m.offset_ms, m.is_master) for m in d01.media] == [
        ("player 1", 0.0, True),
        ("player 2", 1500.0, False),
    ]
    assert any("player 2 is shifted by 1.5 s" in n for n in bundle.notes)


def test_unpaired_state_is_reported_or_closed(tmp_path: Path) -> None:
    doc = boris_project()
    doc["observations"]["D01"]["events"].append([20.0, "infant", "gaze away", "", "", 500])
    path = _write(tmp_path, doc)
    with pytest.raises(ImportFormatError) as info:
        read_boris(path, coder="Ana")
    text = str(info.value)
    assert "observation 'D01'" in text
    assert "never stopped" in text
    assert "at 20.000 s ('gaze away', subject 'infant')" in text
    bundle = read_boris(path, coder="Ana", close_unpaired_at_end=True)
    d01 = next(s for s in bundle.sessions if s.name == "D01").codings[0]
    closed = [e for e in d01.events if e.onset_ms == 20000.0]
    assert closed[0].offset_ms == 60000.0
    assert any("unpaired 'gaze away' closed" in n for n in bundle.notes)


def test_non_clique_exclusions_are_reported(tmp_path: Path) -> None:
    doc = boris_project()
    doc["behaviors_conf"]["1"]["excluded"] = "positive"  # neutral no longer excludes negative
    doc["behaviors_conf"]["2"]["excluded"] = "positive"
    bundle = read_boris(_write(tmp_path, doc), coder="Ana")
    assert bundle.codebook is not None
    assert not bundle.codebook.group("mother_Affect").exclusive
    assert any("do not form a clique" in n and "neutral/negative" in n for n in bundle.notes)


def _mangle(doc: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "place"),
    [
        (["project_format_version"], "8.1", "project_format_version"),
        (["project_format_version"], KeyError, "project_format_version"),
        (["behaviors_conf", "0", "type"], "Blob", "behaviors_conf 0"),
        (["observations", "D01", "events", 0, 0], "soon", "observation 'D01' event 1"),
        (["observations", "D01", "events", 0, 0], -3.0, "observation 'D01' event 1"),
        (["observations", "D01", "events", 0, 0], 75.0, "observation 'D01' event 1"),
        (["observations", "D01", "events", 0, 2], "dance", "observation 'D01' event 1"),
        (["observations", "D01", "events", 2, 3], "enormous", "observation 'D01' event 3"),
        (["observations", "D01", "events", 0, 1], "father", "observation 'D01' event 1"),
        (["observations"], [], "observations"),
    ],
)
def test_bad_projects_name_the_place(
    tmp_path: Path, path: list[Any], value: Any, place: str
) -> None:
    file = _write(tmp_path, _mangle(boris_project(), path, value))
    with pytest.raises(ImportFormatError) as info:
        read_boris(file, coder="Ana")
    assert str(file) in str(info.value)
    assert info.value.place.startswith(place)


@pytest.mark.parametrize(
    "content", [b"", b"{not json", b"[1, 2]", b"\x1f\x8bnot gzip", b"\xff\xfe\x00"]
)
def test_malformed_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.boris"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=r"bad\.boris"):
        read_boris(path, coder="Ana")


def test_large_keyless_ethogram_imports(tmp_path: Path) -> None:
    """13 subjects x 22 behaviours without keys: more codes than free keys, still fine."""
    doc = boris_project()
    doc["subjects_conf"] = {
        str(i): {"key": "", "name": f"s{i}", "description": ""} for i in range(13)
    }
    doc["behaviors_conf"] = {
        str(i): {"type": "State event", "key": "", "code": f"b{i}", "description": "",
                 "category": "", "modifiers": {}, "excluded": "", "coding map": ""}
        for i in range(22)
    }  # fmt: skip
    for obs in doc["observations"].values():
        obs["events"] = [[1.0, "s3", "b7", "", ""], [2.0, "s3", "b7", "", ""]]
    path = tmp_path / "big.boris"
    path.write_text(json.dumps(doc), encoding="utf-8")
    bundle = read_boris(path, coder="Ana")
    assert bundle.codebook is not None
    codes = bundle.codebook.codes()
    assert len(codes) == 13 * 22
    keys = [c.key for c in codes if c.key]
    assert len(keys) == len(set(keys)) and len(keys) < len(codes)  # the rest have no key
