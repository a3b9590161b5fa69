"""Signals beside the codes: motion energy per region, dyadic synchrony, voice activity.

Arrays in, frozen dataclasses out; no database and no Qt. Decoding is the media engine's
(:mod:`interactioncoder.media.gray_frames`); OpenCV does the image work here, never seeking.
Signals point a coder to moments and give PIs continuous measures; they never replace a code.
"""
