"""The synthetic demo scene's choreography: who moves when.

The "scene" pattern of :mod:`interactioncoder.media.synthetic` paints a mother and an
infant whose movements follow these functions of the scene's time, so tests and the demo
know what motion-energy lanes and synchrony should find (bouts every few seconds, the
infant's answer half a second later, a still-face phase).
"""

from __future__ import annotations

import math

#: the scene's still-face phase (s): the mother stops moving (see :func:`mother_activity`)
SCENE_STILL_FACE_S = (15.0, 19.0)
SCENE_BOUT_EVERY_S = 3.0
SCENE_ANSWER_DELAY_S = 0.5


def in_still_face(t_s: float) -> bool:
    return SCENE_STILL_FACE_S[0] <= t_s < SCENE_STILL_FACE_S[1]


def _bump(u: float) -> float:
    """0 outside [0, 1); a smooth rise and fall inside."""
    return math.sin(math.pi * u) ** 2 if 0.0 <= u < 1.0 else 0.0


def mother_activity(t_s: float) -> float:
    """0..1: the mother's lean toward the infant, one 1-s bout every few seconds."""
    if in_still_face(t_s):
        return 0.0
    return _bump(t_s % SCENE_BOUT_EVERY_S - 0.5)


def infant_activity(t_s: float) -> float:
    """0..1: the infant's answer to the mother's bout half a second later; in the still
    face a 1.5-s protest, then stillness."""
    if in_still_face(t_s):
        since = t_s - SCENE_STILL_FACE_S[0]
        return 1.0 if since < 1.5 else 0.0
    return mother_activity(t_s - SCENE_ANSWER_DELAY_S)
