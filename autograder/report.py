"""Reports of a grading run: the readable console table, the result JSON (DESIGN §5), Gradescope's results.json."""
from __future__ import annotations

import json
import os
import tempfile
import textwrap
from pathlib import Path

from .results import SubmissionResult

STATUS_LABEL = {
    "en": {"passed": "passed", "partial": "partial", "failed": "failed", "not_implemented": "not implemented",
           "error": "error", "timeout": "time-out", "missing": "missing"},
    "ko": {"passed": "통과", "partial": "부분 점수", "failed": "실패", "not_implemented": "미구현",
           "error": "오류", "timeout": "시간 초과", "missing": "없음"},
}
STATUS_MARK = {"passed": "✔", "partial": "◐", "failed": "✘", "not_implemented": "·", "error": "!", "timeout": "⧗",
               "missing": "?"}


def _fmt(x: float) -> str:
    return f"{x:g}" if abs(x - round(x)) > 1e-9 else str(int(round(x)))


def atomic_write(path, text: str):
    """Write a file so that a reader (or a crash) never sees half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def to_json_text(result: SubmissionResult, lang: str = "en") -> str:
    return json.dumps(result.to_json(lang), ensure_ascii=False, indent=1) + "\n"


def console_table(result: SubmissionResult, lang: str = "en", *, verbose: bool = False, hints: bool = False,
                  width: int = 100) -> str:
    """A table per assignment: status, points and the feedback of every exercise."""
    labels = STATUS_LABEL["ko" if lang == "ko" else "en"]
    out = []
    for a in result.assignments:
        title = a.title.get(lang)
        out.append(f"{a.id} — {title}   {_fmt(a.score)}/{_fmt(a.max_score)}")
        name_w = max([len(e.id.split(".", 1)[1]) for e in a.exercises] + [10])
        for e in a.exercises:
            short = e.id.split(".", 1)[1]
            st = e.status
            line = f"  {STATUS_MARK[st]} {short:<{name_w}}  {_fmt(e.score):>4}/{_fmt(e.max_score):<4} {labels[st]}"
            out.append(line)
            if st != "passed":
                fb = e.feedback().get(lang)
                for piece in textwrap.wrap(fb, width=width - 6)[: (12 if verbose else 4)]:
                    out.append("      " + piece)
                if hints and e.hint is not None and st not in ("missing",):
                    out.append("      " + ("힌트: " if lang == "ko" else "hint: ") + e.hint.get(lang))
            if verbose:
                for t in e.tests:
                    mark = STATUS_MARK.get(t.status, "?")
                    vis = "" if t.visibility == "public" else " (hidden)"
                    out.append(f"        {mark} {t.name}{vis}  {_fmt(t.score)}/{_fmt(t.max_score)}")
        out.append("")
    total = "합계" if lang == "ko" else "Total"
    seed = "시드" if lang == "ko" else "seed"
    scope = (" (공개 검사만)" if lang == "ko" else " (public checks only)") if result.public_only else ""
    out.append(f"{total}: {_fmt(result.score)}/{_fmt(result.max_score)}{scope}   "
               f"[{seed} {result.seed}, {result.seconds:.2f} s]")
    return "\n".join(out)


def gradescope_json(result: SubmissionResult | None, lang: str = "en", *, error: str | None = None) -> dict:
    """Gradescope's results.json: one test per check (hidden checks shown only after grades are published)."""
    if result is None:
        return {"score": 0.0, "output": error or "grading failed", "output_format": "text", "tests": [],
                "visibility": "visible", "stdout_visibility": "hidden"}
    tests = []
    for a in result.assignments:
        for e in a.exercises:
            for t in e.tests:
                tests.append({
                    "number": f"{len(tests) + 1}",
                    "name": f"{e.id} › {t.name}",
                    "score": t.score,
                    "max_score": t.max_score,
                    "status": "passed" if t.passed else "failed",
                    "output": t.message.get(lang) if not t.passed else "",
                    "output_format": "text",
                    "visibility": "visible" if t.visibility == "public" else "after_published",
                    "tags": [a.id, e.id] + ([t.misconception] if t.misconception else []),
                })
    summary = "\n".join(f"{a.id}: {_fmt(a.score)}/{_fmt(a.max_score)}" for a in result.assignments)
    return {"score": result.score, "execution_time": round(result.seconds, 3), "output": summary,
            "output_format": "text", "test_output_format": "text",
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}
