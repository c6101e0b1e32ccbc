"""The catalogue of gaming submissions: code that tries to earn points without doing the work.

Generic cheats are generated for every assignment by ``tests/test_gaming.py`` (a lookup table of every value the
public checks store, replaced drivers, a tampered reply loop). Each ``<assignment id>.py`` module here adds the
assignment's own cheats as :class:`Cheat` entries in ``CHEATS``: whole files that replace the reference's files,
with the exercises they must earn nothing on (``zero``) and the honest exercises that must keep full marks
(``honest``: exercises in files the cheat does not touch).
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cheat:
    name: str                      # what the student tries, in a few words
    files: dict                    # file name -> the cheating file's full source text
    zero: tuple                    # exercise ids (without the assignment prefix) that must score 0
    honest: tuple = ()             # exercise ids that must keep full marks
    extra_files: dict = field(default_factory=dict)   # more files written into the folder (data of the cheat)
