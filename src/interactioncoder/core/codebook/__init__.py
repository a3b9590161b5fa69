"""Codebooks: the model (re-exported here), YAML loading and writing, the shipped ones."""

from interactioncoder.core.codebook.canonical import codebook_from_dict, codebook_to_dict
from interactioncoder.core.codebook.model import (
    AffectCategory,
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
    RatingScale,
    ScaleAnchor,
    ScaleScope,
    ScaleTotal,
    SegmentType,
    Subject,
)

__all__ = [
    "AffectCategory",
    "Code",
    "CodeGroup",
    "CodeKind",
    "Codebook",
    "Modifier",
    "ModifierChoice",
    "ModifierKind",
    "RatingScale",
    "ScaleAnchor",
    "ScaleScope",
    "ScaleTotal",
    "SegmentType",
    "Subject",
    "codebook_from_dict",
    "codebook_to_dict",
]
