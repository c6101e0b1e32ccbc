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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
        os.chmod(tmp, 0o666 & ~_umask())  # what open() would give (0644 usually), not mkstemp's private 0600
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
    """A table per assignment: status, points and the feedback of every exercise; the isolation on the last line."""
    ko = lang == "ko"
    labels = STATUS_LABEL["ko" if ko else "en"]
    out = []
    seen_causes = set()
    partial_view = result.public_only
    for a in result.assignments:
        title = a.title.get(lang)
        full = sum((e.full_max_score if e.full_max_score is not None else e.max_score) for e in a.exercises)
        of_full = (f" (공개 검사; 전체 {_fmt(full)}점 중)" if ko else f" (public checks; of {_fmt(full)} in all)") \
            if partial_view and abs(full - a.max_score) > 1e-9 else ""
        out.append(f"{a.id} — {title}   {_fmt(a.score)}/{_fmt(a.max_score)}{of_full}")
        name_w = max([len(e.id.split(".", 1)[1]) for e in a.exercises] + [10])
        for e in a.exercises:
            short = e.id.split(".", 1)[1]
            st = e.status
            extra = ""
            if partial_view and e.full_max_score is not None and abs(e.full_max_score - e.max_score) > 1e-9:
                extra = (f"  (공개 부분: 이 문제 {_fmt(e.full_max_score)}점 중 {_fmt(e.max_score)}점)" if ko else
                         f"  (public part: {_fmt(e.max_score)} of the exercise's {_fmt(e.full_max_score)} points)")
            line = f"  {STATUS_MARK[st]} {short:<{name_w}}  {_fmt(e.score):>4}/{_fmt(e.max_score):<4} {labels[st]}{extra}"
            out.append(line)
            cause = getattr(e, "cause", None)
            cause_key = (a.id, cause.get("kind"), cause.get("error") or cause.get("file")) if cause else None
            if cause_key is not None and cause_key in seen_causes:
                out.append("      " + ("↑ 위와 같은 원인" if ko else "↑ same cause as above"))
                continue
            if cause_key is not None:
                seen_causes.add(cause_key)
            if st != "passed":
                fb = e.feedback().get(lang)
                pieces = textwrap.wrap(fb, width=width - 6)
                limit = 12 if verbose else 4
                if len(pieces) > limit:
                    pieces = pieces[:limit]
                    pieces[-1] += " …" + (" (-v: 전체 보기)" if ko else " (-v shows all)")
                for piece in pieces:
                    out.append("      " + piece)
                if hints and e.hint is not None and st not in ("missing",):
                    out.append("      " + ("힌트: " if ko else "hint: ") + e.hint.get(lang))
            if verbose:
                for t in e.tests:
                    mark = STATUS_MARK.get(t.status, "?")
                    vis = "" if t.visibility == "public" else (" (비공개)" if ko else " (hidden)")
                    out.append(f"        {mark} {t.display_name(lang)}{vis}  {_fmt(t.score)}/{_fmt(t.max_score)}")
        out.append("")
    total = "합계" if ko else "Total"
    seed = "시드" if ko else "seed"
    scope = ""
    if result.public_only:
        scope = " (공개 검사만)" if ko else " (public checks only)"
        if not result.fresh:
            scope += " — 고정된 공개 입력" if ko else " — fixed public inputs"
    for note in getattr(result, "notes", []):
        out.append(("참고: " if ko else "note: ") + note)
    isolation = ("격리" if ko else "isolation") + f": {result.isolation}"
    out.append(f"{total}: {_fmt(result.score)}/{_fmt(result.max_score)}{scope}   "
               f"[{seed} {result.seed}, {result.seconds:.2f} s, {isolation}]")
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
