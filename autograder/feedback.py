"""Per-student feedback as Markdown and HTML, in English or Korean, from a result JSON (DESIGN §5).

The page is ordered for a student who wants to fix things: problems that affect several exercises come first, once
each (a file that does not import, a missing file or assignment, "not implemented yet"); then every exercise that
lost points, with its failing checks, the recognized mistake and the hint; passed exercises are listed on one line per
assignment (collapsed in HTML). A stub submission fits on one screen.
"""
from __future__ import annotations

import html
from pathlib import Path

from .report import STATUS_LABEL, STATUS_MARK, atomic_write

TEXT = {
    "en": {"title": "Grading feedback", "total": "Total", "points": "points", "fix": "What to fix",
           "all_good": "Everything passed. Well done!", "hint": "Hint", "mistake": "Recognized mistake",
           "hidden": "hidden check", "seed": "seed", "isolation": "isolation", "passed": "Passed",
           "causes": "Problems that affect several exercises",
           "affects": "affects {n} exercise(s), {p} points", "not_impl": "Not implemented yet", "missing_asg": "is missing from the submission",
           "not_graded": "This submission could not be graded", "by_assignment": "Points per assignment",
           "assignment": "assignment", "note": "Note", "nothing": "nothing passed yet"},
    "ko": {"title": "채점 피드백", "total": "합계", "points": "점수", "fix": "고칠 점",
           "all_good": "모두 통과했습니다. 잘했어요!", "hint": "힌트", "mistake": "알아낸 실수",
           "hidden": "비공개 검사", "seed": "시드", "isolation": "격리", "passed": "통과",
           "causes": "여러 문제에 영향을 주는 원인",
           "affects": "영향 받는 문제 {n}개, {p}점", "not_impl": "아직 구현되지 않음", "missing_asg": "과제 폴더가 제출물에 없습니다",
           "not_graded": "이 제출물은 채점할 수 없었습니다", "by_assignment": "과제별 점수",
           "assignment": "과제", "note": "참고", "nothing": "아직 통과한 문제가 없습니다"},
}


def _n(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:g}"


def _pick(d, key, lang, fallback_key):
    alt = d.get(key)
    if isinstance(alt, dict) and lang in alt:
        return alt[lang]
    return d.get(fallback_key, "")


def _short(ex_id: str) -> str:
    return ex_id.split(".", 1)[1] if "." in ex_id else ex_id


def organize(data: dict, lang: str) -> dict:
    """The page's content, grouped: causes (once each), exercises to fix, passed exercises per assignment."""
    t = TEXT["ko" if lang == "ko" else "en"]
    causes: dict[tuple, dict] = {}
    fix, passed, not_impl = [], {}, {}
    for a in data.get("assignments", []):
        passed.setdefault(a["id"], [])
        for e in a["exercises"]:
            cause = e.get("cause")
            if e["status"] == "passed":
                passed[a["id"]].append(_short(e["id"]))
            elif cause and cause.get("kind") == "missing_assignment":
                key = (a["id"], "missing_assignment")
                c = causes.setdefault(key, {"text": f"{a['id']} {t['missing_asg']}", "exercises": [], "points": 0.0})
                c["exercises"].append(_short(e["id"]))
                c["points"] += e["max_score"]
            elif cause:
                first_failed = next((x for x in e["tests"] if not x["passed"]), None)
                message = _pick(first_failed, "message_all", lang, "message") if first_failed else ""
                key = (a["id"], cause.get("kind"), cause.get("error") or cause.get("file"), cause.get("error") or message)
                c = causes.setdefault(key, {"text": f"{a['id']}: {message}", "exercises": [], "points": 0.0})
                c["exercises"].append(_short(e["id"]))
                c["points"] += e["max_score"]
            elif e["status"] == "not_implemented":
                not_impl.setdefault(a["id"], []).append(_short(e["id"]))
            else:
                fix.append((a["id"], e))
    return {"causes": list(causes.values()), "fix": fix, "passed": passed, "not_impl": not_impl}


def _test_lines(e: dict, lang: str, t: dict) -> list[tuple[str, str, str]]:
    """(test name, message, mistake line) for every failing check of an exercise."""
    from .misconceptions import describe

    out = []
    for test in e["tests"]:
        if test["passed"]:
            continue
        name = _pick(test, "name_all", lang, "name")
        vis = f" ({t['hidden']})" if test.get("visibility") == "hidden" else ""
        mistake = ""
        if test.get("misconception"):
            label, advice = describe(test["misconception"])
            mistake = f"{label.get(lang)} — {advice.get(lang)}"
        out.append((name + vis, _pick(test, "message_all", lang, "message"), mistake))
    return out


def feedback_markdown(data: dict, lang: str = "en") -> str:
    from .misconceptions import load_all

    load_all()
    t = TEXT["ko" if lang == "ko" else "en"]
    labels = STATUS_LABEL["ko" if lang == "ko" else "en"]
    who = data.get("student") or data.get("submission", "")
    lines = [f"# {t['title']} — {who}", "", f"**{t['total']}: {_n(data['score'])} / {_n(data['max_score'])}**", ""]
    if data.get("error"):
        lines += [f"> **{t['not_graded']}:** {data['error']}", ""]
    page = organize(data, lang)
    for note in data.get("notes", []):
        lines += [f"> {t['note']}: {note}", ""]
    if data.get("assignments"):
        lines += [f"| {t['assignment']} | {t['points']} |", "|---|---|"]
        lines += [f"| {a['id']} | {_n(a['score'])} / {_n(a['max_score'])} |" for a in data["assignments"]]
        lines.append("")
    lines += [f"## {t['fix']}", ""]
    if page["causes"]:
        lines += [f"### {t['causes']}", ""]
        for c in page["causes"]:
            affects = t["affects"].format(n=len(c["exercises"]), p=_n(c["points"]))
            lines.append(f"- {c['text']} — {affects}: {', '.join(c['exercises'])}")
        lines.append("")
    if page["not_impl"]:
        lines += [f"### {t['not_impl']}", ""]
        for aid, names in page["not_impl"].items():
            lines.append(f"- {aid}: {', '.join(names)}")
        lines.append("")
    for aid, e in page["fix"]:
        lines += [f"### {e['id']} — {STATUS_MARK[e['status']]} {labels[e['status']]}, "
                  f"{_n(e['score'])} / {_n(e['max_score'])}", ""]
        for name, message, mistake in _test_lines(e, lang, t):
            lines.append(f"- **{name}**: {message}")
            if mistake:
                lines.append(f"  - {t['mistake']}: *{mistake}*")
        if e.get("note"):
            lines.append(f"- {t['note']}: {_pick(e, 'note', lang, 'note')}")
        if e.get("hint"):
            lines.append(f"- {t['hint']}: {_pick(e, 'hint', lang, 'hint')}")
        lines.append("")
    nothing_to_fix = not (page["causes"] or page["not_impl"] or page["fix"] or data.get("error"))
    if nothing_to_fix:
        lines += [t["all_good"], ""]
    if any(page["passed"].values()):
        lines += [f"## {t['passed']}", ""]
        for aid, names in page["passed"].items():
            if names:
                lines.append(f"- {aid}: {', '.join(names)}")
        lines.append("")
    facts = []
    if "seed" in data:
        facts.append(f"{t['seed']} {data['seed']}")
    if data.get("isolation"):
        facts.append(f"{t['isolation']}: {data['isolation']}")
    if facts:
        lines.append("<sub>" + " · ".join(facts) + "</sub>")
    return "\n".join(lines) + "\n"


STYLE = """
body{font-family:system-ui,'Noto Sans KR',sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;line-height:1.5;
color:#1d1d1f}
h1{font-size:1.5rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:1.6rem;border-bottom:1px solid #ddd}
.total{font-size:1.2rem;font-weight:600}.facts{color:#777;font-size:.85rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .6rem;text-align:left}
.badge{display:inline-block;border-radius:.7rem;padding:0 .55rem;font-size:.8rem;font-weight:600;color:#fff}
.passed{background:#1a7f37}.partial{background:#b76e00}.failed{background:#cf222e}.error{background:#8250df}
.timeout{background:#bc4c00}.not_implemented,.missing{background:#6e7781}
.card{border:1px solid #ddd;border-left:.35rem solid #cf222e;border-radius:.3rem;padding:.4rem .8rem;margin:.7rem 0}
.card.partial{border-left-color:#b76e00;background:none}.card.error,.card.timeout{border-left-color:#8250df}
.card h3{margin:.2rem 0;font-size:1rem}.mistake{color:#953800}.hint{color:#0969da}.note{color:#57606a}
.cause{border-left:.35rem solid #8250df;padding:.3rem .8rem;margin:.5rem 0;background:#f6f1ff}
.error-box{border:1px solid #cf222e;background:#fff5f5;padding:.5rem .8rem;border-radius:.3rem}
details{margin:.4rem 0} summary{cursor:pointer;color:#1a7f37;font-weight:600}
"""


def feedback_html(data: dict, lang: str = "en") -> str:
    """A self-contained HTML page: what to fix first, coloured by status; passed exercises collapsed."""
    from .misconceptions import load_all

    load_all()
    esc = html.escape
    t = TEXT["ko" if lang == "ko" else "en"]
    labels = STATUS_LABEL["ko" if lang == "ko" else "en"]
    page = organize(data, lang)
    who = data.get("student") or data.get("submission", "")

    def badge(status):
        return f"<span class='badge {status}'>{esc(labels.get(status, status))}</span>"

    body = [f"<h1>{esc(t['title'])} — {esc(str(who))}</h1>",
            f"<p class='total'>{esc(t['total'])}: {_n(data['score'])} / {_n(data['max_score'])}</p>"]
    if data.get("error"):
        body.append(f"<p class='error-box'><strong>{esc(t['not_graded'])}:</strong> {esc(data['error'])}</p>")
    for note in data.get("notes", []):
        body.append(f"<p class='note'>{esc(t['note'])}: {esc(note)}</p>")
    if data.get("assignments"):
        rows = "".join(f"<tr><td>{esc(a['id'])}</td><td>{_n(a['score'])} / {_n(a['max_score'])}</td></tr>"
                       for a in data["assignments"])
        body.append(f"<table><tr><th>{esc(t['assignment'])}</th><th>{esc(t['points'])}</th></tr>{rows}</table>")
    body.append(f"<h2>{esc(t['fix'])}</h2>")
    for c in page["causes"]:
        affects = t["affects"].format(n=len(c["exercises"]), p=_n(c["points"]))
        body.append(f"<div class='cause'>{esc(c['text'])}<br><small>{esc(affects)}: "
                    f"{esc(', '.join(c['exercises']))}</small></div>")
    for aid, names in page["not_impl"].items():
        body.append(f"<div class='cause'>{badge('not_implemented')} {esc(aid)}: {esc(', '.join(names))}</div>")
    for aid, e in page["fix"]:
        items = []
        for name, message, mistake in _test_lines(e, lang, t):
            extra = f"<br><span class='mistake'>{esc(t['mistake'])}: {esc(mistake)}</span>" if mistake else ""
            items.append(f"<li><strong>{esc(name)}</strong>: {esc(message)}{extra}</li>")
        if e.get("note"):
            items.append(f"<li class='note'>{esc(t['note'])}: {esc(_pick(e, 'note', lang, 'note'))}</li>")
        if e.get("hint"):
            items.append(f"<li class='hint'>{esc(t['hint'])}: {esc(_pick(e, 'hint', lang, 'hint'))}</li>")
        body.append(f"<div class='card {e['status']}'><h3>{esc(e['id'])} {badge(e['status'])} "
                    f"{_n(e['score'])} / {_n(e['max_score'])}</h3><ul>{''.join(items)}</ul></div>")
    if not (page["causes"] or page["not_impl"] or page["fix"] or data.get("error")):
        body.append(f"<p>{esc(t['all_good'])}</p>")
    n_passed = sum(len(v) for v in page["passed"].values())
    if n_passed:
        inner = "".join(f"<li>{esc(aid)}: {esc(', '.join(names))}</li>" for aid, names in page["passed"].items() if names)
        body.append(f"<details><summary>{esc(t['passed'])} ({n_passed})</summary><ul>{inner}</ul></details>")
    facts = []
    if "seed" in data:
        facts.append(f"{t['seed']} {data['seed']}")
    if data.get("isolation"):
        facts.append(f"{t['isolation']}: {data['isolation']}")
    if facts:
        body.append(f"<p class='facts'>{esc(' · '.join(facts))}</p>")
    return (f"<!DOCTYPE html>\n<html lang='{'ko' if lang == 'ko' else 'en'}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{esc(t['title'])} — {esc(str(who))}</title><style>{STYLE}</style></head>"
            f"<body>\n" + "\n".join(body) + "\n</body></html>\n")


def write_feedback(data: dict, folder: Path, lang: str = "en"):
    name = data.get("student") or "submission"
    folder = Path(folder)
    atomic_write(folder / f"{name}.md", feedback_markdown(data, lang))
    atomic_write(folder / f"{name}.html", feedback_html(data, lang))
