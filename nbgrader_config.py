"""nbgrader configuration of the kit (nbgrader 0.9): the repository root is the course root.

    nbgrader generate_assignment a02_backprop --force   # solutions/a02_backprop → assignments/a02_backprop
    nbgrader collect / zip_collect ...                   # students' folders into submitted/<student>/<id>/
    nbgrader autograde a02_backprop                      # runs each notebook; its test cells call the checks
    nbgrader generate_feedback a02_backprop

Every assignment folder holds one guided notebook <id>.ipynb and the .py files the students edit. The notebook's
autograded test cells call ``check("<exercise>", strict=True)`` (the public checks) and, in their hidden part,
``hidden_check(...)`` (hidden checks with fresh random inputs, against the reference solutions), so the grade
comes from the student's own .py files. That needs four departures from nbgrader's defaults, set below with its
real option names (read in nbgrader/coursedir.py, converters/base.py, converters/autograde.py,
preprocessors/execute.py, preprocessors/ignorepattern.py and utils.determine_grade):

1. Source and release folders are the kit's ``solutions/`` and ``assignments/``
   (``CourseDirectory.source_directory`` / ``release_directory``).
2. The solution .py files must never be copied by nbgrader: ``generate_assignment`` copies every non-notebook file
   of the source folder into the release (``BaseConverter.init_assignment``), and ``autograde`` copies them over the
   student's files (``Autograde.init_assignment``), so a student's wrong ``layers.py`` would be replaced by the
   instructor's and score full marks. ``CourseDirectory.ignore`` gets the absolute glob of every solution file that
   has solution regions: ``nbgrader.utils.is_ignored`` globs ``os.path.join(dirname, pattern)``, and an absolute
   pattern matches exactly these files, so nbgrader skips them when it copies out of ``solutions/`` and still copies
   the students' files of the same name out of ``submitted/``. ``Autograde.exclude_overwriting`` names the same
   files per assignment (nbgrader's documented switch "do not overwrite these with the source version"), so the
   protection does not rest on the glob alone. Provided .py files without solution regions (e.g. a05's
   ``layers.py``) are copied normally, and at autograde restore the pristine version. (The globs assume nbgrader's
   default ``CourseDirectory.directory_structure``.)
3. The student versions of the .py files (solution regions replaced by ``raise NotImplementedError()``) are written
   into the release by ``GenerateAssignment.post_convert_hook`` with the kit's own ``strip_solutions``, so plain
   ``nbgrader generate_assignment`` gives a complete student folder — the same files, notebook included, that
   ``python -m autograder release`` commits (``autograder.notebooks.release_notebook`` mirrors nbgrader's release
   preprocessors byte for byte).
4. nbgrader gives 0 points to a test cell with any output on stderr (``utils.determine_grade``). Warnings are not
   failures (a failed check raises AssertionError, an ``error`` output): the ``IgnorePattern`` preprocessor, which
   runs right after ``Execute`` in ``Autograde.autograde_preprocessors``, is enabled and removes stderr outputs that
   are Python warnings (``file:line: SomethingWarning: message``) before the grade is computed.

Also: ``Execute.timeout`` (seconds per cell; nbgrader's default 30 is short for training cells on a slow machine),
``OverwriteCells.add_missing_cells`` (a deleted test cell is put back and still runs).

Run nbgrader from the kit's activated virtual environment (nbgrader calls its ``alembic`` by name), on a machine
where the kit is installed from this repository: the hidden checks import the reference solutions (``solutions/``;
elsewhere set ``$AUTOGRADER_SOLUTIONS``).
"""
import glob
import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))
SOURCE = "solutions"
RELEASE = "assignments"
SOLUTION_MARKER = "### BEGIN SOLUTION"

c.CourseDirectory.root = COURSE_ROOT
c.CourseDirectory.source_directory = SOURCE
c.CourseDirectory.release_directory = RELEASE


def _solution_files():
    """{assignment id: [file names]} of the .py files in solutions/<id>/ that hold solution regions."""
    found = {}
    for path in sorted(glob.glob(os.path.join(COURSE_ROOT, SOURCE, "*", "*.py"))):
        with open(path, encoding="utf-8") as fh:
            if SOLUTION_MARKER in fh.read():
                found.setdefault(os.path.basename(os.path.dirname(path)), []).append(os.path.basename(path))
    return found


SOLUTION_FILES = _solution_files()

# nbgrader spells the source folder of an assignment <root>/solutions/./<id> (student id "." in the default
# directory_structure "{nbgrader_step}/{student_id}/{assignment_id}"), so both spellings are listed.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".pytest_cache",
    *(os.path.join(COURSE_ROOT, SOURCE, *middle, aid, name)
      for aid, names in SOLUTION_FILES.items() for name in names for middle in ((), (".",))),
]
c.Autograde.exclude_overwriting = {aid: list(names) for aid, names in SOLUTION_FILES.items()}


def write_student_files(assignment=None, student=None, notebooks=None, **_):
    """post_convert_hook of generate_assignment: write the stubbed .py files into the release folder(s)."""
    from autograder.release import strip_solutions

    folders = {os.path.dirname(os.path.abspath(nb)) for nb in notebooks or ()}
    if assignment and not folders:
        folders = set(glob.glob(os.path.join(COURSE_ROOT, SOURCE, assignment)))
    for src_dir in sorted(folders):
        aid = os.path.basename(src_dir)
        dst_dir = os.path.join(COURSE_ROOT, RELEASE, aid)
        os.makedirs(dst_dir, exist_ok=True)
        for name in SOLUTION_FILES.get(aid, []):
            src = os.path.join(src_dir, name)
            with open(src, encoding="utf-8") as fh:
                text = strip_solutions(fh.read(), src)
            dst = os.path.join(dst_dir, name)
            if os.path.exists(dst):
                os.chmod(dst, 0o644)
                os.remove(dst)
            with open(dst, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)


c.GenerateAssignment.post_convert_hook = write_student_files

c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"(?m)^.*:\d+: \w*Warning: "
c.Execute.timeout = 300
c.OverwriteCells.add_missing_cells = True
