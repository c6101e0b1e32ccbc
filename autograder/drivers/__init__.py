"""Drivers: the code that runs in the student's process and exercises the student's objects.

One module per assignment (``autograder.drivers.<assignment id>``) plus :mod:`.common`. A driver receives the
student's modules (``mods.layers`` …) and plain data, calls the student's code and returns plain data. Drivers
decide nothing: the student's code can replace any of them, so the grader validates every reply (counts, types,
shapes) and computes every verdict itself (:mod:`autograder.checks`).
"""
