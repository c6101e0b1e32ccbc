"""Per-student feedback as Markdown and HTML, in English or Korean, from a result JSON (DESIGN §5)."""
from __future__ import annotations

import html
from pathlib import Path

from .report import STATUS_LABEL, STATUS_MARK, atomic_write

TEXT = {
    "en": {"title": "Grading feedback", "total": "Total", "exercise": "exercise", "status": "status",
           "points": "points", "details": "What to fix", "all_good": "Everything passed. Well done!",
           "hint": "Hint", "mistake": "Recognized mistake", "hidden": "hidden check", "seed": "seed"},
    "ko": {"title": "채점 피드백", "total": "합계", "exercise": "문제", "status": "상태", "points": "점수",
           "details": "고칠 점", "all_good": "모두 통과했습니다. 잘했어요!", "hint": "힌트", "mistake": "알아낸 실수",
           "hidden": "비공개 검사", "seed": "시드"},
}


def _n(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:g}"


def _pick(d, key, lang, fallback_key):
    alt = d.get(key)
    if isinstance(alt, dict) and lang in alt:
        return alt[lang]
    return d.get(fallback_key, "")


def feedback_markdown(data: dict, lang: str = "en") -> str:
    from .misconceptions import describe, load_all

    load_all()
    t = TEXT["ko" if lang == "ko" else "en"]
    labels = STATUS_LABEL["ko" if lang == "ko" else "en"]
    who = data.get("student") or data.get("submission", "")
    lines = [f"# {t['title']} — {who}", "", f"**{t['total']}: {_n(data['score'])} / {_n(data['max_score'])}**", ""]
    if data.get("error"):
        lines += [f"> {data['error']}", ""]
    details = []
    for a in data.get("assignments", []):
        lines += [f"## {a['id']} — {_n(a['score'])} / {_n(a['max_score'])}", "",
                  f"| {t['exercise']} | {t['status']} | {t['points']} |", "|---|---|---|"]
        for e in a["exercises"]:
            lines.append(f"| {e['id']} | {STATUS_MARK[e['status']]} {labels[e['status']]} | "
                         f"{_n(e['score'])} / {_n(e['max_score'])} |")
            if e["status"] == "passed":
                continue
            block = [f"### {e['id']}", "", _pick(e, "feedback_all", lang, "feedback"), ""]
            for test in e["tests"]:
                if test["passed"]:
                    continue
                vis = f" ({t['hidden']})" if test.get("visibility") == "hidden" else ""
                block.append(f"- **{test['name']}**{vis}: {_pick(test, 'message_all', lang, 'message')}")
                if test.get("misconception"):
                    name, advice = describe(test["misconception"])
                    block.append(f"  - {t['mistake']}: *{name.get(lang)}* — {advice.get(lang)}")
            if e.get("hint"):
                block += ["", f"{t['hint']}: {_pick(e, 'hint', lang, 'hint')}"]
            details += block + [""]
        lines.append("")
    lines += [f"## {t['details']}", ""] + (details or [t["all_good"], ""])
    if "seed" in data:
        lines.append(f"<sub>{t['seed']} {data['seed']}</sub>")
    return "\n".join(lines) + "\n"


def feedback_html(data: dict, lang: str = "en") -> str:
    """A self-contained HTML page with the same content as the Markdown feedback."""
    body = []
    in_table = False
    for line in feedback_markdown(data, lang).splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if set("".join(cells)) <= set("-"):
                continue
            if not in_table:
                body.append("<table>")
                in_table = True
                body.append("<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in cells) + "</tr>")
            else:
                body.append("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            body.append("</table>")
            in_table = False
        if line.startswith("### "):
            body.append(f"<h3>{html.escape(line[4:])}</h3>")
        elif line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("  - "):
            body.append(f"<ul class='sub'><li>{_inline(line[4:])}</li></ul>")
        elif line.startswith("- "):
            body.append(f"<ul><li>{_inline(line[2:])}</li></ul>")
        elif line.startswith("> "):
            body.append(f"<blockquote>{_inline(line[2:])}</blockquote>")
        elif line.startswith("<sub>"):
            body.append(f"<p class='seed'>{html.escape(line[5:-6])}</p>")
        elif line.strip():
            body.append(f"<p>{_inline(line)}</p>")
    if in_table:
        body.append("</table>")
    style = ("body{font-family:system-ui,'Noto Sans KR',sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .6rem}"
             "ul.sub{margin-top:0;color:#444}.seed{color:#888;font-size:.8rem}")
    return (f"<!DOCTYPE html>\n<html lang='{'ko' if lang == 'ko' else 'en'}'><head><meta charset='utf-8'>"
            f"<title>{html.escape(TEXT['ko' if lang == 'ko' else 'en']['title'])}</title><style>{style}</style></head>"
            f"<body>\n" + "\n".join(body) + "\n</body></html>\n")


def _inline(text: str) -> str:
    out = html.escape(text)
    import re

    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"\*(.+?)\*", r"<em>\1</em>", out)
    return out


def write_feedback(data: dict, folder: Path, lang: str = "en"):
    name = data.get("student") or "submission"
    folder = Path(folder)
    atomic_write(folder / f"{name}.md", feedback_markdown(data, lang))
    atomic_write(folder / f"{name}.html", feedback_html(data, lang))
