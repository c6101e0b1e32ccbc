"""Write the guided notebooks solutions/<id>/<id>.ipynb (nbgrader source versions) from the texts in this file.

    python tools/make_notebooks.py            # all five
    python tools/make_notebooks.py a03_optimization
    python tools/make_notebooks.py --check    # exit 1 when a committed notebook differs from what this writes

The notebooks are generated so that they are reproducible and reviewable: this file is the source, the .ipynb
files are its output (no outputs, deterministic cell ids). Each notebook has

* English text with the Korean terms of the source documents alongside, and a Korean paragraph per section;
* a setup cell that imports the folder's modules (the notebook runs in its assignment folder) and reads
  ``KIT_FULL=1`` (full-size runs) from the environment;
* one autograded test cell per exercise of the assignment (nbgrader grade cell, locked, points = the exercise's
  points in the autograder registry): ``check(<exercise>, strict=True)`` runs the public checks, and a hidden-tests
  region ``hidden_check(<exercise>)`` runs the hidden checks at grading time (removed from the student release);
* plots drawn with :mod:`autograder.figures` from the students' own modules;
* one or two manually graded written questions (markdown solution cells with a model answer in a solution region).

The generator refuses to write a notebook that does not test every exercise of its assignment exactly once.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.registry import get_assignment  # noqa: E402

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


# ----------------------------------------------------------------------------------------------------------------
# cell builders
# ----------------------------------------------------------------------------------------------------------------

class Builder:
    def __init__(self, aid: str):
        self.aid = aid
        self.assignment = get_assignment(aid)
        self.cells = []
        self.tested: list[str] = []

    def md(self, text: str):
        self.cells.append(new_markdown_cell(text.strip("\n")))

    def code(self, text: str):
        self.cells.append(new_code_cell(text.strip("\n")))

    def test(self, *names: str):
        """One autograded test cell per exercise ``<aid>.<name>`` (``name`` may be a prefix such as
        ``optimizers``: every exercise under it, in registry order)."""
        for name in names:
            prefix = f"{self.aid}.{name}"
            matches = [e for e in self.assignment.exercises if e.id == prefix or e.id.startswith(prefix + ".")]
            if not matches:
                raise SystemExit(f"{self.aid}: no exercise matches {prefix}")
            for ex in matches:
                if ex.id in self.tested:
                    raise SystemExit(f"{self.aid}: {ex.id} is tested twice")
                self.tested.append(ex.id)
                points = ex.max_score()
                pts = int(points) if float(points).is_integer() else points
                title = ex.title.ko if ex.title.ko.startswith(ex.title.en) else f"{ex.title.en} ({ex.title.ko})"
                public = ex.max_score(public_only=True)
                pub = int(public) if float(public).is_integer() else public
                source = (f"# Autograded test (자동 채점): {title}, {pts} points "
                          f"({pub} from the public checks here, the rest from hidden checks)\n"
                          f"check(\"{ex.id}\", strict=True);\n"
                          "### BEGIN HIDDEN TESTS\n"
                          "from autograder.notebooks import hidden_check\n"
                          f"hidden_check(\"{ex.id}\");\n"
                          "### END HIDDEN TESTS")
                cell = new_code_cell(source)
                cell.metadata["deletable"] = False
                cell.metadata["editable"] = False
                cell.metadata["nbgrader"] = {"grade": True, "grade_id": "test_" + ex.id[len(self.aid) + 1:]
                                             .replace(".", "_"), "locked": True, "points": pts,
                                             "schema_version": 3, "solution": False, "task": False}
                self.cells.append(cell)

    def question(self, grade_id: str, points: int, prompt: str, answer: str):
        """A written question: the prompt (markdown) and a manually graded answer cell (markdown solution cell;
        the model answer sits in a solution region and becomes "YOUR ANSWER HERE" in the release)."""
        self.md(prompt)
        cell = new_markdown_cell("### BEGIN SOLUTION\n" + answer.strip("\n") + "\n### END SOLUTION")
        cell.metadata["nbgrader"] = {"grade": True, "grade_id": grade_id, "locked": False, "points": points,
                                     "schema_version": 3, "solution": True, "task": False}
        self.cells.append(cell)

    def setup(self, modules: list[str], extra: str = ""):
        imports = "\n".join(f"import {m}" for m in modules)
        self.code(f"""
# Setup (준비): run this cell first (이 셀을 먼저 실행하세요).
# The notebook runs in its assignment folder, so `import {modules[0]}` loads YOUR file; %autoreload picks up
# every change you save (파일을 저장하면 자동으로 다시 불러옵니다).
import os
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # small matrices: one BLAS thread is fastest
FULL = os.environ.get("KIT_FULL") == "1"            # KIT_FULL=1: full-size runs (전체 크기 실행)

%load_ext autoreload
%autoreload 2
%matplotlib inline

import numpy as np
from autograder import check, data, figures
{extra}
{imports}
""".replace("\n\n\n", "\n\n"))

    def build(self):
        missing = [e.id for e in self.assignment.exercises if e.id not in self.tested]
        if missing:
            raise SystemExit(f"{self.aid}: exercises without a test cell: {', '.join(missing)}")
        nb = new_notebook(cells=self.cells, metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"{self.aid.split('_')[0]}-{i:03d}"
        nbformat.validate(nb)
        from nbgrader.nbgraderformat import MetadataValidator
        MetadataValidator().validate_nb(nb)
        return nb


HOW_TO = r"""
**How to work (진행 방법).** Write your code in the `.py` files of this folder (the notebook only imports them),
save, and run the cells from the top. `check("...")` runs the public checks of an exercise on fixed inputs and prints
what is wrong; the locked *Autograded test* cells do the same and fail while an exercise does not pass. Each test
cell names the exercise's full points: `check` shows the public part of them ("public part: 5 of the exercise's 7
points"), and your grade comes from the same checks **on fresh random inputs** plus hidden checks, run on your `.py`
files — code that only works on the public inputs earns nothing. Answer the written questions in the cells that say
*YOUR ANSWER HERE*. "Document 001 §6" and the like refer to the course's source documents, summarized in
`SOURCES.md` at the top of your kit. Set the environment variable `KIT_FULL=1` before starting Jupyter for the full-size
training runs.

> **진행 방법** — 이 폴더의 `.py` 파일에 코드를 작성하고 저장한 뒤, 노트북을 위에서부터 실행하세요. `check("...")`는
> 고정된 입력으로 공개 검사를 실행해 무엇이 틀렸는지 알려 주고, 잠긴 *Autograded test* 셀은 통과하지 못하면 오류를 냅니다.
> 각 검사 셀에는 그 문제의 전체 점수가 적혀 있고, `check`는 그중 공개 부분을 보여 줍니다. 성적은 같은 검사를 **새로 뽑은
> 무작위 입력**으로 다시 하고 숨은 검사를 더해 `.py` 파일로 매깁니다: 공개 입력에서만 맞는 코드는 점수를 얻지 못합니다.
> 서술형 질문은 *YOUR ANSWER HERE* 셀에 답하세요. "문서 001 §6" 같은 표기는 강의 원본 문서를 가리키며, 요약은 키트 맨 위 폴더의
> `SOURCES.md`에 있습니다. 전체 크기 학습은 Jupyter를 켜기 전에 환경 변수 `KIT_FULL=1`을 설정하면 실행됩니다.
"""


# ----------------------------------------------------------------------------------------------------------------
# a01 — perceptron
# ----------------------------------------------------------------------------------------------------------------

def a01() -> Builder:
    b = Builder("a01_perceptron")
    b.md(r"""
# Assignment 1 — Perceptrons and logic gates (퍼셉트론과 논리 게이트)

You will build the logic gates AND, NAND and OR from single perceptrons, see why XOR needs two layers, and draw
the regions where each gate outputs 1. File to edit: **`gates.py`**. Source: document 001, §1–3 (퍼셉트론,
단층 퍼셉트론, 다층 퍼셉트론).

> 이번 과제에서는 퍼셉트론 하나로 AND, NAND, OR 게이트를 만들고, XOR에는 왜 층이 두 개 필요한지 확인합니다.
> 수정할 파일은 `gates.py`이고, 내용은 문서 001의 1–3절을 따릅니다.
""" + HOW_TO)
    b.setup(["gates"])
    b.md(r"""
Where do you stand? This runs every public check of the assignment (아직 구현하지 않은 항목은 `not_implemented`로
표시됩니다).
""")
    b.code('check("a01_perceptron");  # the semicolon hides the returned result object')
    b.md(r"""
## 1. The perceptron (퍼셉트론)

A perceptron takes inputs $x_1, \dots, x_n$, multiplies each by a weight (가중치) $w_i$, adds a bias (편향) $b$
and fires when the sum is positive:

$$
y = \begin{cases} 0 & \text{if } \sum_i w_i x_i + b \le 0 \\ 1 & \text{if } \sum_i w_i x_i + b > 0 \end{cases}
$$

Document 001 first writes the rule with a threshold (임계치) $\theta$: fire when $\sum_i w_i x_i \ge \theta$.
Moving $\theta$ to the left side gives the bias, $b = -\theta$. The weights say how much each input matters; the
bias says how easily the unit fires. (At a sum of exactly 0 the kit, like the document's gate code, outputs 0.)

Implement `perceptron(x, w, b)` for one input vector.

> **퍼셉트론** — 입력 $x_i$에 가중치 $w_i$를 곱해 더하고 편향 $b$를 더한 값이 0보다 크면 1, 아니면 0을 출력합니다.
> 문서 001은 먼저 임계치 $\theta$로 규칙을 쓰는데, $\theta$를 왼쪽으로 옮기면 $b = -\theta$가 됩니다.
> 가중치는 각 입력의 중요도, 편향은 뉴런이 얼마나 쉽게 활성화되는지를 정합니다.
""")
    b.code(r"""
# Try it (직접 해 보기): the AND weights of document 001
print(gates.perceptron(np.array([1, 1]), np.array([0.5, 0.5]), -0.7))   # expected 1
print(gates.perceptron(np.array([1, 0]), np.array([0.5, 0.5]), -0.7))   # expected 0
""")
    b.test("gates.perceptron")
    b.md(r"""
## 2. AND, NAND and OR: one perceptron each (단층 퍼셉트론)

The three gates are the *same* perceptron with different parameters. Document 001 uses

| gate | $w_1$ | $w_2$ | $b$ | truth table $y(0,0), y(0,1), y(1,0), y(1,1)$ |
|---|---|---|---|---|
| AND | 0.5 | 0.5 | −0.7 | 0, 0, 0, 1 |
| NAND | −0.5 | −0.5 | 0.7 | 1, 1, 1, 0 |
| OR | 0.6 | 0.6 | −0.5 | 0, 1, 1, 1 |

NAND is AND with every sign flipped. Many other parameter choices work as well: any line that separates the
inputs with output 1 from those with output 0 does.

> **AND, NAND, OR 게이트** — 세 게이트는 같은 퍼셉트론이고 가중치와 편향만 다릅니다. NAND는 AND의 부호를 모두
> 뒤집은 것입니다. 출력이 1인 입력과 0인 입력을 가르는 직선이라면 어떤 매개변수든 같은 게이트가 됩니다.
""")
    b.code(r"""
# Truth tables of your gates (여러분이 만든 게이트의 진리표)
print("x1 x2 | AND NAND OR")
for x1 in (0, 1):
    for x2 in (0, 1):
        print(f" {x1}  {x2} |  {gates.AND(x1, x2)}    {gates.NAND(x1, x2)}   {gates.OR(x1, x2)}")
""")
    b.test("gates.AND", "gates.NAND", "gates.OR")
    b.md(r"""
## 3. XOR needs two layers (다층 퍼셉트론)

XOR outputs 1 when exactly one input is 1. Plot the four inputs: (0,1) and (1,0) must be on one side of the line,
(0,0) and (1,1) on the other, and no straight line does that — XOR is not linearly separable (선형 분리 불가능).
A single perceptron draws exactly one straight line, so it cannot compute XOR. Stacking perceptrons can:

$$ s_1 = \mathrm{NAND}(x_1, x_2), \quad s_2 = \mathrm{OR}(x_1, x_2), \quad y = \mathrm{AND}(s_1, s_2) $$

| $x_1$ | $x_2$ | $s_1$ | $s_2$ | $y$ |
|---|---|---|---|---|
| 0 | 0 | 1 | 0 | 0 |
| 0 | 1 | 1 | 1 | 1 |
| 1 | 0 | 1 | 1 | 1 |
| 1 | 1 | 0 | 1 | 0 |

Write `XOR` by calling `NAND`, `OR` and `AND` (the checks replace those gates and watch your XOR follow them, so a
lookup table does not pass).

> **XOR 게이트** — 입력 중 하나만 1일 때 1을 출력합니다. 네 점을 그려 보면 한 직선으로는 (0,1), (1,0)과 (0,0), (1,1)을
> 나눌 수 없습니다(선형 분리 불가능). 그래서 NAND와 OR의 출력을 AND로 합치는 2층 퍼셉트론(다층 퍼셉트론)으로
> 만듭니다. 진리표를 그대로 적는 방식은 테스트를 통과하지 못합니다.
""")
    b.test("gates.XOR")
    b.md(r"""
## 4. What the gates look like (게이트의 결정 영역)

Each panel evaluates your gate on a grid of real-valued inputs and shades where it outputs 1. For AND, NAND and OR
the boundary is one straight line (the line $w_1 x_1 + w_2 x_2 + b = 0$). XOR's region is a band between two
lines — one from NAND, one from OR. The small dots are a noisy XOR data set (`data.make_xor`): points near
(0,1) and (1,0) belong to class 1.

> 각 그림은 실수 입력 격자에서 게이트의 출력이 1인 영역을 칠한 것입니다. AND, NAND, OR의 경계는 직선 하나이고,
> XOR의 영역은 두 직선(NAND와 OR) 사이의 띠입니다. 작은 점들은 잡음이 섞인 XOR 데이터입니다.
""")
    b.code(r"""
figures.logic_gates(gates, points=data.make_xor(200, seed=0))
""")
    b.question("q_xor_linear", 3, r"""
### Question 1 (서술형 질문 1) — 3 points

Why can a single perceptron not compute XOR, and what exactly does the second layer add? Refer to the figure.

> 단일 퍼셉트론으로 XOR을 만들 수 없는 이유와, 두 번째 층이 정확히 무엇을 더해 주는지 위 그림을 근거로 설명하세요.
""", r"""
A perceptron outputs 1 on one side of the straight line $w_1x_1 + w_2x_2 + b = 0$ and 0 on the other, so it can only
separate classes that a line separates. XOR needs (0,1) and (1,0) on one side and (0,0), (1,1) on the other; the
two pairs lie on crossing diagonals, and any line that puts (0,0) and (1,1) on the same side also puts at least one
of the other two there (e.g. adding the inequalities for (0,1) and (1,0) contradicts those for (0,0) and (1,1)).
The first layer maps each input to a new point $(s_1, s_2) = (\mathrm{NAND}, \mathrm{OR})$: (0,0)→(1,0),
(0,1)→(1,1), (1,0)→(1,1), (1,1)→(0,1). In this new space the two classes are linearly separable, and the second
layer (AND) draws that line. In the input space the result is the band between two lines seen in the figure: the
hidden layer lets the network combine several half-planes into a region no single line describes.
""")
    b.question("q_gate_params", 2, r"""
### Question 2 (서술형 질문 2) — 2 points

Give a different set $(w_1, w_2, b)$ that also implements NAND, and explain why infinitely many parameter sets
implement the same gate.

> NAND를 구현하는 다른 $(w_1, w_2, b)$를 하나 제시하고, 같은 게이트를 구현하는 매개변수가 왜 무한히 많은지 설명하세요.
""", r"""
For example $(w_1, w_2, b) = (-1, -1, 1.5)$: sums 1.5, 0.5, 0.5, −0.5 for (0,0), (0,1), (1,0), (1,1) give 1, 1, 1,
0. The gate only depends on the sign of $w_1x_1 + w_2x_2 + b$ at the four corners. Multiplying all three
parameters by any positive number keeps every sign, and the line can also be shifted or tilted a little without
crossing a corner, so a whole open region of parameter space (infinitely many sets) gives the same truth table.
""")
    return b


# ----------------------------------------------------------------------------------------------------------------
# a02 — backprop
# ----------------------------------------------------------------------------------------------------------------

DOC001 = {"z1": 0.08, "z2": 0.11, "h1": 0.51998934, "h2": 0.52747230, "z3": 0.44498412, "z4": 0.68047592,
          "o1": 0.60944600, "o2": 0.66384491, "E_o1": 0.02193381, "E_o2": 0.00203809, "E_total": 0.02397190,
          "dE/do1": 0.20944600, "do1/dz3": 0.23802157, "dW5": 0.02592286, "dW1": 0.00080888,
          "W5+": 0.43703857, "W6+": 0.38685205, "W7+": 0.69629578, "W8+": 0.59624247,
          "W1+": 0.29959556, "W2+": 0.24919112, "W3+": 0.39964496, "W4+": 0.34928991,
          "E_total_after": 0.02323634}


def a02() -> Builder:
    b = Builder("a02_backprop")
    b.md(r"""
# Assignment 2 — Activations, losses and backpropagation (활성화 함수, 손실 함수, 오차역전파법)

You will write the activation and loss functions, the layers of a network with their forward and backward passes,
reproduce the backpropagation worked example of document 001 with your own layers to 8 decimals, and train a
two-layer network on handwritten digits. Files to edit: **`functions.py`**, **`layers.py`**, **`network.py`**.
Sources: document 001 §2–3 and §6, document 003 (losses, Leaky ReLU); the layer design follows "Deep Learning
from Scratch" (밑바닥부터 시작하는 딥러닝) ch. 5.

> 활성화 함수와 손실 함수, 순전파·역전파를 하는 계층을 구현하고, 문서 001의 역전파 계산 예제를 여러분의 계층으로
> 소수점 8자리까지 재현한 뒤, 2층 신경망으로 손글씨 숫자를 학습합니다. 수정할 파일: `functions.py`, `layers.py`,
> `network.py`.
""" + HOW_TO)
    b.setup(["functions", "layers", "network"], extra="from autograder.training import fit")
    b.code('check("a02_backprop");  # the semicolon hides the returned result object')
    b.md(r"""
## 1. Activation functions (활성화 함수)

A neuron applies a non-linear function $h$ to its weighted sum. Without it, stacked layers collapse into one
linear map — depth would add nothing (document 001: 활성화 함수의 특징은 비선형 함수).

| name | $h(x)$ | note |
|---|---|---|
| step (계단 함수) | $1$ if $x > 0$ else $0$ | the perceptron's; its derivative is 0 almost everywhere, so it cannot be trained by gradients |
| sigmoid (시그모이드) | $\sigma(x) = \dfrac{1}{1 + e^{-x}}$ | output in (0, 1) |
| tanh (하이퍼볼릭탄젠트) | $\dfrac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1$ | output in (−1, 1), zero-centred |
| ReLU (렐루) | $\max(0, x)$ | |
| Leaky ReLU (리키 렐루) | $x$ if $x > 0$ else $\alpha x$ | document 001 draws $\max(0.1x, x)$, document 003 calls $\alpha = 0.01$ usual: the kit takes $\alpha$ as a parameter (default 0.01) |

Compute the sigmoid without overflow: `np.exp(1000)` is `inf`. For example $\sigma(x) = \tfrac12(1 + \tanh(x/2))$.

> **활성화 함수** — 가중합에 비선형 함수를 적용해야 층을 쌓는 의미가 생깁니다(선형 함수만 쌓으면 하나의 선형 함수와
> 같습니다). 계단 함수는 거의 모든 곳에서 미분이 0이라 경사 하강법으로 학습할 수 없습니다. 리키 렐루의 기울기는
> 문서마다 다르므로(문서 001은 0.1, 문서 003은 0.01) 매개변수로 받습니다. 시그모이드는 큰 음수 입력에서도
> 오버플로가 나지 않게 계산하세요.
""")
    b.test("functions.step_function", "functions.sigmoid", "functions.tanh", "functions.relu",
           "functions.leaky_relu")
    b.md(r"""
## 2. Softmax (소프트맥스)

For the output layer of a classifier, softmax turns $K$ scores (logits) into probabilities:

$$ y_k = \frac{e^{a_k}}{\sum_{j=1}^{K} e^{a_j}} $$

Subtracting the largest score $m = \max_j a_j$ from every $a_k$ changes nothing mathematically
($e^{a_k - m} / \sum_j e^{a_j - m}$ is the same fraction) but keeps every exponent $\le 0$, so `[1000, 1000]` gives
`[0.5, 0.5]` instead of `nan`. Work on the last axis so a batch (N, K) works row by row.

> **소프트맥스** — 점수를 합이 1인 확률로 바꿉니다. 각 행의 최댓값을 빼도 값은 같지만 지수가 0 이하가 되어
> 오버플로가 생기지 않습니다.
""")
    b.code(r"""
print(functions.softmax(np.array([1000.0, 1000.0])))         # [0.5 0.5], not nan
print(functions.softmax(np.array([[0.3, 2.9, 4.0]])).sum())  # 1.0
""")
    b.test("functions.softmax")
    b.md(r"""
## 3. Loss functions (손실 함수)

| name | formula | source |
|---|---|---|
| mean squared error (평균 제곱 오차, MSE) | $\frac{1}{n}\sum (y - t)^2$ over every element | 001, 003 |
| sum of squared errors, halved (오차제곱합) | $E = \tfrac12 \sum (y - t)^2$ | the worked example's loss (001 §6) |
| cross-entropy error (교차 엔트로피 오차) | $E = -\frac{1}{N}\sum_n \sum_k t_{nk} \log y_{nk} = -\frac1N \sum_n \log y_{n, t_n}$ | 001, 003 (CCE) |
| binary cross-entropy (이진 교차 엔트로피, BCE) | $-\mathrm{mean}\,[\,t \log y + (1 - t)\log(1 - y)\,]$ | 003 |

The labels $t$ of the cross-entropy may be class indices or one-hot rows (원-핫 벡터). Note the two "squared"
losses: MSE is a mean, the worked example's $E$ is a halved sum — the ½ cancels the 2 of the derivative.

> **손실 함수** — MSE는 평균, 역전파 예제의 손실은 ½을 곱한 제곱합입니다(미분하면 2가 ½과 약분됩니다). 교차
> 엔트로피의 정답은 레이블 번호나 원-핫 벡터 모두 받을 수 있어야 합니다.
""")
    b.test("functions.mean_squared_error", "functions.sum_squared_error", "functions.cross_entropy_error",
           "functions.binary_cross_entropy")
    b.md(r"""
## 4. Layers with a backward pass (계층: 순전파와 역전파)

Backpropagation (오차역전파법) applies the chain rule one layer at a time. A layer's `forward(x)` computes its
output and keeps what it needs; `backward(dout)` receives $\partial L/\partial \text{out}$ from the layer above and
returns $\partial L/\partial x = \partial L/\partial \text{out} \cdot \partial \text{out}/\partial x$.

| layer | forward | backward |
|---|---|---|
| `Relu` | $\max(0, x)$ | `dout` where $x > 0$, else 0 |
| `LeakyRelu(alpha)` | $x$ or $\alpha x$ | `dout` or $\alpha\,$`dout` |
| `Sigmoid` | $y = \sigma(x)$ | `dout` $\cdot\, y(1 - y)$ |
| `Tanh` | $y = \tanh x$ | `dout` $\cdot\, (1 - y^2)$ |

The sigmoid's derivative $\sigma'(x) = \sigma(x)(1 - \sigma(x))$ is written with the output $y$, so the layer
keeps `out` from the forward pass. The figure below draws your functions and the derivatives your layers compute.

> **계층** — `forward`는 출력을 계산하며 역전파에 필요한 값을 저장하고, `backward`는 위층에서 온 기울기에 국소
> 미분을 곱해 아래층으로 보냅니다(연쇄 법칙). 시그모이드의 미분은 출력 $y$로 $y(1-y)$라 쓸 수 있어 순전파의 출력을
> 저장해 둡니다. 아래 그림에서 시그모이드의 미분이 최대 0.25라는 점을 확인하세요 — 기울기 소실의 원인입니다.
""")
    b.test("layers.Relu", "layers.LeakyRelu", "layers.Sigmoid", "layers.Tanh")
    b.code(r"""
figures.activation_functions(functions, layers)
""")
    b.md(r"""
## 5. The Affine layer (Affine 계층)

A fully connected layer computes $Y = XW + b$ for a batch $X$ of shape (N, D), weights $W$ (D, M) stored as
(in, out), bias $b$ (M,). Backward, with $G = \partial L/\partial Y$ (N, M):

$$ \frac{\partial L}{\partial X} = G\,W^{\mathsf T}, \qquad \frac{\partial L}{\partial W} = X^{\mathsf T} G, \qquad
\frac{\partial L}{\partial b} = \sum_{n} G_{n,:} $$

Check the shapes: $GW^{\mathsf T}$ is (N, M)(M, D) = (N, D) like $X$; $X^{\mathsf T}G$ is (D, N)(N, M) = (D, M) like
$W$. The bias gradient sums over the batch because the same $b$ is added to every row. Inputs with more than two
dimensions (images) are flattened per sample, and `dx` is reshaped back.

> **Affine 계층** — 순전파 $Y = XW + b$, 역전파 $\partial L/\partial X = GW^{\mathsf T}$,
> $\partial L/\partial W = X^{\mathsf T}G$, $\partial L/\partial b$ = 배치 방향 합. 형상을 맞춰 보면 전치의 위치를
> 기억하기 쉽습니다.
""")
    b.test("layers.Affine")
    b.md(r"""
## 6. Output layers with their loss (손실 계층)

`SoftmaxWithLoss` joins softmax and cross-entropy. Its backward is remarkably simple, $(y - t)/N$ (times `dout`),
and its loss should be computed from the logits with the log-sum-exp trick:

$$ -\log y_{t} = \log\sum_k e^{a_k} - a_t = m + \log\sum_k e^{a_k - m} - a_t $$

which stays exact when a logit is huge (no `log(0)`, no `1e-7` guard). `SumSquaredLoss` is the worked example's
$E = \tfrac12\sum (y - t)^2$ with backward $\text{dout}\cdot(y - t)$.

> **Softmax-with-Loss 계층** — 역전파가 $(y - t)/N$으로 간단해지고, 손실은 로그합지수(log-sum-exp)로 점수에서 바로
> 계산해 큰 점수에서도 정확합니다. `SumSquaredLoss`는 역전파 예제의 손실입니다.
""")
    b.test("layers.SoftmaxWithLoss", "layers.SumSquaredLoss")
    b.md(r"""
## 7. The worked example of document 001 (역전파 계산 예제)

A 2-2-2 network with sigmoid hidden and output units, no biases, loss $E = \sum \tfrac12(\text{target} -
\text{output})^2$, one SGD step with learning rate 0.5. Inputs $x_1 = 0.1$, $x_2 = 0.2$; targets 0.4 and 0.6;

$$ z_1 = W_1x_1 + W_2x_2,\quad z_2 = W_3x_1 + W_4x_2,\quad z_3 = W_5h_1 + W_6h_2,\quad z_4 = W_7h_1 + W_8h_2 $$

with $W_1..W_8$ = 0.3, 0.25, 0.4, 0.35, 0.45, 0.4, 0.7, 0.6, $h_i = \sigma(z_i)$, $o_1 = \sigma(z_3)$,
$o_2 = \sigma(z_4)$. For an output weight the chain rule gives

$$ \frac{\partial E}{\partial W_5} = \frac{\partial E}{\partial o_1}\,\frac{\partial o_1}{\partial z_3}\,
\frac{\partial z_3}{\partial W_5} = (o_1 - 0.4)\cdot o_1(1 - o_1)\cdot h_1 = 0.02592286 $$

and $W_5^+ = W_5 - 0.5 \cdot 0.02592286 = 0.43703857$. A hidden weight collects the error of *both* outputs through
$h_1$: $\partial E/\partial W_1 = (\sum_k \delta_k W_{k1})\, h_1(1 - h_1)\, x_1 = 0.00080888$.

The cell below builds this network from **your** `Affine`, `Sigmoid` and `SumSquaredLoss` (Affine weights are
(in, out), so $W_1, W_2$ form the first column of the hidden matrix), runs forward and backward, and compares every
number with the document. The document has three slips, the numbers are right: it prints "o2 = sigmoid(z4) =
0.68047" (0.68047592 is $z_4$; $o_2$ = 0.66384491), "W1⁺ = 0.1 − 0.5 × 0.00080888" ($W_1$ is 0.3), and its
$\partial o_2/\partial z_3$ lines are copies of $\partial o_1/\partial z_3$.

> **역전파 계산 예제** — 문서 001 6절의 2-2-2 신경망을 여러분의 계층으로 만들어 순전파·역전파·경사 하강 1단계를
> 계산하고 문서의 값과 비교합니다. 출력층 가중치의 기울기는 세 미분의 곱이고, 은닉층 가중치는 두 출력의 오차를
> $h_1$을 통해 모두 받습니다. 문서의 본문에는 세 군데 오타가 있지만 결과 값은 맞습니다(위 설명 참고).
""")
    doc_lines = ",\n    ".join(f'"{k}": {v:.8f}' for k, v in DOC001.items())
    b.code(f"""
# document 001 §6, rounded to 8 decimals (문서 001의 값)
document = {{
    {doc_lines},
}}
mine = figures.worked_example_numbers(layers)   # computed with YOUR layers
print(f"{{'quantity':<15}}{{'yours':>13}}{{'document':>13}}")
for key, expected in document.items():
    ok = "ok" if abs(mine[key] - expected) <= 5e-9 else "DIFFERENT"
    print(f"{{key:<15}}{{mine[key]:>13.8f}}{{expected:>13.8f}}  {{ok}}")
""")
    b.code(r"""
figures.worked_example(layers)
""")
    b.test("worked_example")
    b.md(r"""
## 8. A two-layer network (2층 신경망)

`TwoLayerNet` chains Affine → Relu → Affine → SoftmaxWithLoss. `gradient(x, t)` runs `loss` (forward) and then
calls `backward` on the layers in reverse order — the gradients of all parameters for the price of about two
forward passes, where numerical differentiation would need two forward passes *per parameter*. The layers must
share the arrays of `params`, so that updating `params` in place trains the network.

> **2층 신경망** — Affine → Relu → Affine → SoftmaxWithLoss. 역전파는 순전파 두 번 정도의 비용으로 모든 매개변수의
> 기울기를 구합니다(수치 미분은 매개변수마다 순전파가 두 번 필요합니다).
""")
    b.test("network.TwoLayerNet")
    b.md(r"""
### Training on the 8×8 digits (손글씨 숫자 학습)

The kit ships the 1,797 handwritten digits of 8×8 pixels (`data.load_digits_split`: a seeded, stratified split
into 1,438 training and 359 test images; see `datasets/README.md`). Below is mini-batch stochastic gradient
descent (미니배치 확률적 경사 하강법) written out: shuffle, take 100 samples, backpropagate, step
$W \leftarrow W - \eta\,\partial L/\partial W$; one pass over the data is an epoch (에폭).

> 1,797장의 8×8 손글씨 숫자로 미니배치 SGD를 직접 돌려 봅니다: 섞고, 100개씩 꺼내 역전파로 기울기를 구하고,
> $W \leftarrow W - \eta\,\partial L/\partial W$로 갱신합니다. 데이터를 한 번 다 보면 1 에폭입니다.
""")
    b.code(r"""
(x_train, t_train), (x_test, t_test) = data.load_digits_split(flatten=True)
print(x_train.shape, t_train.shape, x_test.shape)

net = network.TwoLayerNet(64, 50, 10, weight_init_std=0.1, rng=np.random.default_rng(0))
epochs, batch_size, lr = (40 if FULL else 10), 100, 0.5
rng = np.random.default_rng(0)
history = {"epoch": [], "train_loss": [], "train_acc": [], "test_loss": [], "test_acc": []}

def record(epoch):
    history["epoch"].append(epoch)
    history["train_loss"].append(net.loss(x_train, t_train))
    history["train_acc"].append(net.accuracy(x_train, t_train))
    history["test_loss"].append(net.loss(x_test, t_test))
    history["test_acc"].append(net.accuracy(x_test, t_test))

record(0)
for epoch in range(1, epochs + 1):
    order = rng.permutation(len(x_train))
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        grads = net.gradient(x_train[idx], t_train[idx])   # backpropagation (오차역전파)
        for key in net.params:
            net.params[key] -= lr * grads[key]              # SGD step, in place (제자리 갱신)
    record(epoch)
print(f"test accuracy after {epochs} epochs: {history['test_acc'][-1]:.3f}")
figures.learning_curves(history, "TwoLayerNet on the 8×8 digits")
""")
    b.md(r"""
### A non-linear boundary (비선형 결정 경계)

Three interleaved spirals (`data.make_spiral`) cannot be separated by straight lines. The hidden ReLU layer bends
the decision boundary. (`autograder.training.fit` is the loop above packaged as a function.)

> 서로 감긴 나선 세 개는 직선으로 나눌 수 없습니다. ReLU 은닉층이 결정 경계를 휘어지게 만듭니다.
""")
    b.code(r"""
xs, ts = data.make_spiral(100, 3, seed=0)
spiral_net = network.TwoLayerNet(2, 50, 3, weight_init_std=1.0, rng=np.random.default_rng(0))
hist = fit(spiral_net, xs, ts, epochs=300 if FULL else 150, batch_size=30, lr=1.0, seed=0)
figures.decision_boundary(spiral_net.predict, xs, ts,
                          f"TwoLayerNet on spirals, training accuracy {hist['train_acc'][-1]:.2f}")
""")
    b.question("q_sigmoid_saturation", 3, r"""
### Question 1 (서술형 질문 1) — 3 points

In the worked example $\partial E/\partial W_1 = 0.00081$ is about 30 times smaller than
$\partial E/\partial W_5 = 0.0259$. Use the chain rule and the derivative plot of section 4 to explain why the
gradient shrinks on its way to the first layer, and what this means for deep networks of sigmoid units
(기울기 소실).

> 역전파 예제에서 $\partial E/\partial W_1$이 $\partial E/\partial W_5$보다 약 30배 작습니다. 연쇄 법칙과 4절의 미분
> 그래프를 이용해 기울기가 첫 층으로 갈수록 작아지는 이유와, 시그모이드로 깊게 쌓은 신경망에서 이것이 무엇을
> 뜻하는지(기울기 소실) 설명하세요.
""", r"""
Each step back through a sigmoid multiplies the gradient by $\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le 0.25$ and
by the weights it passes through. $\partial E/\partial W_5 = (o_1 - t_1)\,o_1(1 - o_1)\,h_1$ contains one sigmoid
derivative (0.238); $\partial E/\partial W_1$ contains the output deltas (already multiplied by ≈0.24), the
weights $W_5, W_7$ (< 1), a second sigmoid derivative $h_1(1 - h_1) \approx 0.25$, and the small input
$x_1 = 0.1$ instead of $h_1 \approx 0.52$. With $L$ sigmoid layers the factor $0.25^L$ makes the gradients of the
first layers vanish (기울기 소실): they learn extremely slowly while the last layers learn, and saturated units
(outputs near 0 or 1) make $\sigma'$ even smaller. Remedies from the documents: ReLU-type activations (derivative 1
for positive inputs), suitable initialization (Xavier/He), batch normalization.
""")
    b.question("q_logsumexp", 2, r"""
### Question 2 (서술형 질문 2) — 2 points

Why does `SoftmaxWithLoss` compute its loss from the logits with log-sum-exp instead of `-np.log(softmax(x)[t])`,
and why does the book's `log(y + 1e-7)` guard not fully solve the problem?

> `SoftmaxWithLoss`가 `-np.log(softmax(x)[t])` 대신 로그합지수로 손실을 계산하는 이유와, 책의 `log(y + 1e-7)`
> 방식이 문제를 완전히 해결하지 못하는 이유를 설명하세요.
""", r"""
For a large gap between logits the softmax probability of the true class underflows to exactly 0 in floating
point (e.g. logits [0, 1000] with label 0: $y_0 = e^{-1000} = 0$), and $-\log 0 = \infty$. Log-sum-exp computes
$\log\sum_k e^{a_k} - a_t = m + \log\sum_k e^{a_k - m} - a_t$ directly: every exponent is $\le 0$, the sum is $\ge 1$,
and the result (here 1000) is exact. The guard $\log(y + 10^{-7})$ only avoids the infinity: it caps the loss at
$-\log 10^{-7} \approx 16.1$, so the loss is wrong for confident mistakes and it also slightly changes every small
probability. The gradient $(y - t)/N$ is unaffected either way, but the reported loss (and any loss-based decision,
such as early stopping) would be wrong.
""")
    return b


# ----------------------------------------------------------------------------------------------------------------
# a03 — optimization
# ----------------------------------------------------------------------------------------------------------------

def a03() -> Builder:
    b = Builder("a03_optimization")
    b.md(r"""
# Assignment 3 — Optimizers, initialization and learning-rate schedules (매개변수 갱신, 가중치 초기값, 학습률 계획)

You will implement the update rules from SGD to Adam and gradient clipping, the LeCun, Xavier (Glorot) and He
initializers, and three learning-rate schedules; then watch the optimizers walk down the function of document 004,
see how the initial weight scale shapes the activations of a deep network, and compare the optimizers on the
digits. Files to edit: **`optimizers.py`**, **`initializers.py`**, **`schedules.py`**. Sources: documents 000
(§1–2), 001 (parts 3 and 5), 002, 003, 004.

> SGD부터 Adam까지의 갱신 규칙과 그래디언트 클리핑, LeCun·Xavier(Glorot)·He 초기화, 세 가지 학습률 스케줄을
> 구현합니다. 수정할 파일: `optimizers.py`, `initializers.py`, `schedules.py`.
""" + HOW_TO)
    b.setup(["optimizers", "initializers", "schedules"])
    b.code('check("a03_optimization");  # the semicolon hides the returned result object')
    b.md(r"""
## 1. Update rules (매개변수 갱신)

All optimizers have `update(params, grads)`, which changes every array of `params` **in place**
(`params[key] -= ...`), so the layers holding those arrays see the new values. $W$ is a parameter,
$g = \partial L/\partial W$, $\eta$ the learning rate (학습률); every operation is element-wise.

| optimizer | update (document 000, 001) | idea |
|---|---|---|
| SGD | $W \leftarrow W - \eta g$ | step along the slope; zig-zags on anisotropic (비등방성) functions |
| Momentum | $v \leftarrow \alpha v - \eta g,\; W \leftarrow W + v$ | a ball rolling in a bowl keeps its speed (속도) |
| Nesterov | $v \leftarrow \mu v - \eta g,\; W \leftarrow W + \mu v - \eta g$ | look ahead along the new velocity |
| AdaGrad | $h \leftarrow h + g \odot g,\; W \leftarrow W - \eta\, g / (\sqrt{h} + \epsilon)$ | per-parameter rates that shrink where the parameter moved a lot |
| RMSprop | $h \leftarrow \rho h + (1 - \rho) g \odot g,\; W \leftarrow W - \eta\, g/(\sqrt{h} + \epsilon)$ | AdaGrad with a moving average, so the rate does not decay to zero |
| Adam | $t \leftarrow t + 1$; $m \leftarrow \beta_1 m + (1 - \beta_1) g$; $v \leftarrow \beta_2 v + (1 - \beta_2) g \odot g$; $\hat m = m/(1 - \beta_1^t)$, $\hat v = v/(1 - \beta_2^t)$; $W \leftarrow W - \eta\, \hat m/(\sqrt{\hat v} + \epsilon)$ | momentum + adaptive rates + bias correction (편향 보정) |

State (velocities, sums) is created lazily as zeros shaped like each parameter, one per key. Two conventions where
sources differ: the kit's Nesterov is the form above (it equals PyTorch's `nesterov=True` and the corrected code of
the book; the Korean edition's code gives a different update), and Adam increments $t$ *before* the bias correction,
so the first step uses $1 - \beta^1$.

> **매개변수 갱신** — 모든 옵티마이저의 `update`는 `params`의 배열을 제자리에서 바꿉니다. 모멘텀은 공이 그릇 바닥을
> 구르듯 속도를 유지하고, AdaGrad는 많이 움직인 매개변수의 학습률을 낮추며, RMSprop은 지수이동평균으로 학습률이
> 0으로 줄어드는 것을 막고, Adam은 둘을 합치고 편향 보정을 합니다. Nesterov와 Adam의 세부 규칙은 위 표를 따르세요.
""")
    b.test("optimizers.SGD", "optimizers.Momentum", "optimizers.Nesterov", "optimizers.AdaGrad",
           "optimizers.RMSprop", "optimizers.Adam")
    b.md(r"""
### The optimizers on $f(x, y) = \frac{x^2}{20} + y^2$ (document 004)

This bowl is 20 times steeper in $y$ than in $x$. From $(-7, 2)$, 30 updates each (learning rates of the book:
SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3; plus Nesterov 0.1 and RMSprop 0.1). Watch SGD zig-zag along the steep
axis, Momentum overshoot and swing back, and the adaptive methods equalize the two directions.

> 문서 004의 함수 $f(x, y) = x^2/20 + y^2$에서 (−7, 2)부터 30번씩 갱신한 경로입니다. SGD는 가파른 $y$ 방향으로
> 지그재그하고, 모멘텀은 지나쳤다 돌아오며, 적응적 방법은 두 방향의 보폭을 맞춥니다.
""")
    b.code(r"""
figures.optimizer_paths(optimizers)
""")
    b.md(r"""
## 2. Gradient clipping (그래디언트 클리핑)

Against exploding gradients (기울기 폭주) document 001 clips the gradient (Keras `clipnorm`). The kit clips by the
global norm of all gradients together: with $\lVert g\rVert = \sqrt{\sum_{\text{keys}}\sum g^2}$,

$$ g \leftarrow g \cdot \frac{\text{max\_norm}}{\lVert g\rVert} \quad \text{if } \lVert g\rVert > \text{max\_norm} $$

one factor for every array, so the direction of the step is kept. `clip_grad_norm(grads, max_norm)` scales in place
and returns the norm before clipping.

> **그래디언트 클리핑** — 모든 기울기의 전체 L2 노름이 max_norm을 넘으면 같은 비율로 줄여 방향은 유지합니다.
""")
    b.code(r"""
grads = {"W": np.array([3.0, 4.0]), "b": np.array([12.0])}   # global norm 13
print(optimizers.clip_grad_norm(grads, max_norm=1.0), grads)  # 13.0, every entry divided by 13
""")
    b.test("optimizers.clip_grad_norm")
    b.md(r"""
### The optimizers on a real problem (실제 문제에서의 비교)

A 5-layer ReLU network (4 hidden layers of 100 units, the same initial weights and mini-batches for everyone)
trained on the 8×8 digits with each of your optimizers — the comparison of the book's §6.1.8.

> 같은 초기값과 같은 미니배치로 5층 ReLU 신경망을 손글씨 숫자에 학습시켜 옵티마이저를 비교합니다.
""")
    b.code(r"""
(x_train, t_train), (x_test, t_test) = data.load_digits_split(flatten=True)
figures.optimizer_loss_curves(optimizers, x_train, t_train, iterations=1000 if FULL else 200)
""")
    b.md(r"""
## 3. Initial weights (가중치의 초기값)

Weights must start random — equal weights keep every unit of a layer identical forever (대칭성을 무너뜨리기 위해
무작위로). Their *scale* decides whether signals survive many layers. With fan-in $n_{in}$ (inputs of one unit) and
fan-out $n_{out}$ (for an Affine matrix (in, out): $n_{in}$ = in, $n_{out}$ = out; for a conv kernel (FN, C, FH, FW):
$n_{in} = C\cdot FH\cdot FW$, $n_{out} = FN\cdot FH\cdot FW$):

| initializer | normal: std | uniform: $U(-a, a)$ | for |
|---|---|---|---|
| LeCun | $\sqrt{1/n_{in}}$ | $a = \sqrt{3/n_{in}}$ | |
| Xavier / Glorot | $\sqrt{2/(n_{in} + n_{out})}$ | $a = \sqrt{6/(n_{in} + n_{out})}$ | sigmoid, tanh |
| He | $\sqrt{2/n_{in}}$ | $a = \sqrt{6/n_{in}}$ | ReLU |

A uniform $U(-a, a)$ has variance $a^2/3$, so every uniform bound is $\sqrt3$ times the normal std.

**Two clashes between the documents.** (1) "Xavier" in documents 000 and 004 (and the book) is std $1/\sqrt n$
— what the table calls LeCun normal; documents 001 and 002 mean Glorot's formula. The kit names both precisely:
`lecun_normal` and `xavier_normal`. (For a 100 → 100 layer they coincide: $\sqrt{2/200} = 1/\sqrt{100}$.)
(2) Document 002 prints LeCun uniform as $U(\pm\sqrt{1/n_{in}})$, whose variance is $1/(3 n_{in})$, a third of its own
LeCun normal; the kit uses $\sqrt{3/n_{in}}$, consistent with the Xavier and He bounds (the checks accept both).

> **가중치 초기값** — 가중치는 무작위여야 하고(대칭성 깨기), 그 크기가 신호가 여러 층을 지나도 살아남는지를 정합니다.
> 문서 000·004의 "Xavier"는 표준편차 $1/\sqrt n$(표의 LeCun 정규)이고 문서 001·002의 Xavier는 Glorot 공식입니다.
> 문서 002의 LeCun 균등 경계 $\sqrt{1/n_{in}}$은 분산이 맞지 않아 키트는 $\sqrt{3/n_{in}}$을 씁니다.
""")
    b.test("initializers")
    b.md(r"""
### Activation histograms (활성화값 분포, document 004)

1000 random inputs through 5 layers of 100 units, for four initial scales. With std 1 the sigmoid outputs pile up
at 0 and 1 where its derivative vanishes (기울기 소실); with std 0.01 they all collapse to 0.5 (every unit says the
same thing: 표현력 제한). Xavier keeps sigmoid and tanh spread out; for ReLU, Xavier's activations shrink layer by
layer while He keeps their scale. The numbers in each panel are the standard deviations of the activations.

> 1000개의 입력을 100개 노드 5층에 통과시킨 활성화값 분포입니다. 표준편차 1이면 시그모이드 출력이 0과 1로 몰려
> 기울기가 사라지고, 0.01이면 모두 0.5 근처로 모여 표현력이 제한됩니다. ReLU에서는 Xavier의 분포가 층마다 작아지고
> He는 유지됩니다.
""")
    b.code(r"""
figures.activation_histograms("sigmoid", initializers)
""")
    b.code(r"""
figures.activation_histograms("tanh", initializers)
""")
    b.code(r"""
figures.activation_histograms("relu", initializers)
""")
    b.md(r"""
## 4. Learning-rate schedules (학습률 계획, document 003)

Large steps early, small steps late. With step $s$ and initial rate $\eta_0$:

* exponential decay (지수 감쇠): $\eta(s) = \eta_0 \cdot r^{\,s / \text{decay\_steps}}$ (continuous, as Keras'
  `ExponentialDecay` without staircase);
* cosine decay (코사인 감쇠), the formula of document 003: $s' = \min(s, \text{decay\_steps})$,
  $\eta(s) = \eta_0\left((1 - \alpha)\cdot\tfrac12\left(1 + \cos\frac{\pi s'}{\text{decay\_steps}}\right) + \alpha\right)$;
* step decay (계단식 감쇠): $\eta(s) = \eta_0 \cdot \text{drop}^{\lfloor s / \text{every} \rfloor}$.

> **학습률 계획** — 처음에는 크게, 나중에는 작게 움직입니다. 지수 감쇠는 연속적으로, 코사인 감쇠는 반 코사인을
> 따라 $\alpha\eta_0$까지, 계단식 감쇠는 every 스텝마다 drop배로 줄어듭니다.
""")
    b.test("schedules")
    b.code(r"""
figures.lr_schedules(schedules)
""")
    b.question("q_he_relu", 3, r"""
### Question 1 (서술형 질문 1) — 3 points

Why does He initialization ($\mathrm{std} = \sqrt{2/n_{in}}$) suit ReLU, while Xavier suits sigmoid and tanh?
Argue with the variance of a unit's input and with the ReLU histograms above.

> He 초기화($\sqrt{2/n_{in}}$)가 ReLU에, Xavier가 시그모이드·tanh에 맞는 이유를 한 유닛 입력의 분산과 위의 ReLU
> 히스토그램으로 설명하세요.
""", r"""
A unit's input is $z = \sum_{i=1}^{n_{in}} w_i a_i$. With independent zero-mean weights,
$\mathrm{Var}(z) = n_{in}\,\mathrm{Var}(w)\,E[a^2]$. For tanh (and sigmoid near its linear part, around 0)
$E[a^2] \approx \mathrm{Var}(z_{prev})$, so $\mathrm{Var}(w) = 1/n_{in}$ (Xavier/LeCun; Glorot averages fan-in and
fan-out to balance the backward pass too) keeps the variance constant from layer to layer. ReLU sets the negative
half of its inputs to 0, so $E[a^2] = \tfrac12\mathrm{Var}(z_{prev})$: each layer would halve the variance. He
doubles the weight variance, $\mathrm{Var}(w) = 2/n_{in}$, to cancel that factor ½. The histograms show it: with
Xavier and ReLU the activations' std shrinks layer by layer (signals and gradients fade towards 0), with He it stays
about constant through all five layers, while std 1 explodes and std 0.01 vanishes.
""")
    b.question("q_adam_bias", 2, r"""
### Question 2 (서술형 질문 2) — 2 points

Adam starts with $m = v = 0$. What would its first updates look like without the bias correction
$\hat m = m/(1-\beta_1^t)$, $\hat v = v/(1-\beta_2^t)$ (with $\beta_1 = 0.9$, $\beta_2 = 0.999$)?

> Adam은 $m = v = 0$에서 시작합니다. 편향 보정이 없다면 처음 몇 번의 갱신이 어떻게 될지 설명하세요.
""", r"""
After the first step $m = (1-\beta_1)g = 0.1g$ and $v = (1-\beta_2)g^2 = 0.001g^2$: both averages are biased
towards their zero start. The uncorrected step is $\eta\, m/\sqrt v = \eta\cdot 0.1g/(0.0316|g|) \approx 3.16\,\eta$
per parameter — because $v$ is biased far more than $m$ ($1 - 0.999$ vs $1 - 0.9$), the early steps are about three
times larger than intended, and the size varies over the first few hundred steps until $\beta_2^t$ becomes small.
With the correction, $\hat m = g$ and $\hat v = g^2$ at $t = 1$, so the first step is $\eta\,\mathrm{sign}(g)$ and the
step size is about $\eta$ from the start.
""")
    return b


# ----------------------------------------------------------------------------------------------------------------
# a04 — regularization
# ----------------------------------------------------------------------------------------------------------------

def a04() -> Builder:
    b = Builder("a04_regularization")
    b.md(r"""
# Assignment 4 — Normalization and regularization (배치 정규화와 과적합 방지)

You will implement batch normalization, layer normalization and dropout with their backward passes, the L1/L2
penalties, early stopping, and the book's `MultiLayerNetExtend` with all of them; then see batch norm rescue
training from bad initial weights and the regularizers fight overfitting. Files to edit: **`layers.py`**,
**`regularization.py`**, **`network.py`** (`Relu`, `Sigmoid`, `Affine`, `SoftmaxWithLoss` at the end of
`layers.py` are provided). Sources: documents 000 (§3–4), 001 (parts 4–5), 003, 004.

> 배치 정규화, 층 정규화, 드롭아웃과 그 역전파, L1/L2 규제, 조기 종료, 그리고 이 모두를 갖춘 `MultiLayerNetExtend`를
> 구현합니다. 수정할 파일: `layers.py`, `regularization.py`, `network.py`.
""" + HOW_TO)
    b.setup(["layers", "regularization", "network"])
    b.code('check("a04_regularization");  # the semicolon hides the returned result object')
    b.md(r"""
## 1. Batch normalization (배치 정규화)

Force the activations of each layer to be well spread (각 층의 활성화 값이 적당히 분포되도록): for each feature,
over a mini-batch of $m$ samples (document 001, 004),

$$ \mu_B = \frac1m\sum_{i=1}^m x_i, \qquad \sigma_B^2 = \frac1m\sum_{i=1}^m (x_i - \mu_B)^2, \qquad
\hat x_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad y_i = \gamma\hat x_i + \beta $$

$\gamma$ (scale) and $\beta$ (shift) are learned, so the layer can undo the normalization if that is best. At test
time there may be a single sample, so the layer keeps running averages
$\text{running} \leftarrow \text{momentum}\cdot\text{running} + (1 - \text{momentum})\cdot\text{batch}$ during training
and uses them in test mode. For (N, C, H, W) feature maps the statistics are per channel over N, H, W. The
backward pass must account for $\mu_B$ and $\sigma_B^2$ depending on every sample:

$$ \frac{\partial L}{\partial x_i} = \frac{\gamma}{\sqrt{\sigma_B^2 + \epsilon}}\left(g_i - \frac1m\sum_j g_j -
\hat x_i\,\frac1m\sum_j g_j\hat x_j\right), \quad g = \frac{\partial L}{\partial y},\quad
\frac{\partial L}{\partial\gamma} = \sum_i g_i\hat x_i,\quad \frac{\partial L}{\partial\beta} = \sum_i g_i $$

Layer normalization (층 정규화, document 001) computes the same statistics per *sample* over its features instead,
so it does not depend on the batch size — the weak spot of batch norm (미니 배치 크기에 의존적, RNN에 적용하기
어려움).

> **배치 정규화** — 미니배치의 평균과 분산으로 각 특성을 정규화한 뒤 $\gamma$, $\beta$로 스케일과 시프트를 학습합니다.
> 추론 때는 학습 중에 모은 이동 평균을 씁니다. 역전파에서는 평균과 분산이 모든 샘플에 의존한다는 점을 반영해야
> 합니다. 층 정규화는 같은 계산을 샘플마다 특성 방향으로 하므로 배치 크기에 의존하지 않습니다.
""")
    b.test("layers.BatchNormalization", "layers.LayerNormalization")
    b.md(r"""
## 2. Dropout (드롭아웃)

During training each unit is dropped with probability $p$ (`dropout_ratio`) — a different random sub-network at
every step, which stops units from relying on particular partners (특정 뉴런에 의존하는 것 방지). The kit uses
*inverted* dropout: kept units are multiplied by $1/(1-p)$ in training, so the expected output equals the input and
the test-time layer is the identity (예측 시에는 사용하지 않음). Backward uses the same mask and scale.

> **드롭아웃** — 학습 때 확률 $p$로 뉴런을 끄고 남은 값을 $1/(1-p)$배 합니다(역 드롭아웃). 그래서 추론 때는 아무것도
> 하지 않습니다. 역전파는 같은 마스크를 씁니다.
""")
    b.test("layers.Dropout")
    b.md(r"""
## 3. Weight decay: L2 and L1 penalties (가중치 감소: L2, L1 규제)

Large weights are a sign of overfitting; penalize them (document 000):

$$ L \leftarrow L + \tfrac12\lambda\sum W^2, \qquad \frac{\partial L}{\partial W} \leftarrow \frac{\partial L}{\partial W}
+ \lambda W \qquad\text{(L2, weight decay)} $$

$$ L \leftarrow L + \lambda\sum |W|, \qquad \frac{\partial L}{\partial W} \leftarrow \frac{\partial L}{\partial W} +
\lambda\,\mathrm{sign}(W) \qquad\text{(L1)} $$

Document 004's table: weights (1,1,1,1,4,4) and (2,2,2,2,2,2) have the same L1 = 12, but L2 = 36 vs 24 — squares
punish the large weights most. L1 instead pushes small weights to exactly 0 (feature selection; documents 001, 003).

> **가중치 감소** — 큰 가중치에 벌점을 줍니다. L2는 ½λΣW²(기울기 λW), L1은 λΣ|W|(기울기 λ·sign W). 문서 004의 표처럼
> L2는 큰 가중치를 더 강하게 억제하고, L1은 작은 가중치를 0으로 만들어 특성을 선택합니다.
""")
    b.code(r"""
case1, case2 = np.array([1, 1, 1, 1, 4, 4.0]), np.array([2, 2, 2, 2, 2, 2.0])
for name, w in (("case 1", case1), ("case 2", case2)):
    print(name, " L1 = λΣ|W| =", regularization.l1_penalty([w], 1.0), "  ΣW² = 2·l2_penalty =", 2 * regularization.l2_penalty([w], 1.0))
""")
    b.test("regularization.l2_penalty", "regularization.l2_grad", "regularization.l1_penalty",
           "regularization.l1_grad")
    b.md(r"""
## 4. Early stopping (조기 종료)

Stop when the validation loss (검증 손실) stops improving, before the network starts to memorize (document 003).
`EarlyStopping(patience, min_delta)`: a step improves when `val_loss < best − min_delta`; `step` returns True once
`patience` consecutive steps have not improved. Choose hyper-parameters on validation data, never on the test
data (document 000: 하이퍼파라미터 성능 평가에 시험 데이터를 사용하면 안 된다).

> **조기 종료** — 검증 손실이 patience번 연속으로 나아지지 않으면 학습을 멈춥니다. 하이퍼파라미터는 검증 데이터로
> 정하고 시험 데이터는 마지막 평가에만 씁니다.
""")
    b.test("regularization.EarlyStopping")
    b.md(r"""
## 5. The whole network (MultiLayerNetExtend)

[Affine → BatchNorm → activation → Dropout] × n, then Affine → SoftmaxWithLoss, with weight decay
$\tfrac12\lambda\sum W^2$ over every $W$ in the loss and $\lambda W$ in the gradients. `weight_init_std` 'relu'/'he'
gives $\sqrt{2/n_{in}}$, 'sigmoid'/'xavier' $\sqrt{1/n_{in}}$ (the book's "Xavier"), a number gives that std.

> [Affine → 배치 정규화 → 활성화 → 드롭아웃] × n 다음 Affine → SoftmaxWithLoss 구조에 가중치 감소를 더한 신경망입니다.
""")
    b.test("network.MultiLayerNetExtend")
    b.md(r"""
### Batch norm and the initial weight scale (배치 정규화의 효과)

Training accuracy with (solid) and without (dashed) batch normalization for several initial weight scales: a
5-hidden-layer ReLU network on 1,000 digits, plain SGD (as in the book's §6.3.2 and document 004's MNIST comparison).

> 초기 가중치 크기를 바꿔 가며 배치 정규화가 있을 때(실선)와 없을 때(점선)의 학습 정확도를 비교합니다.
""")
    b.code(r"""
(x_train, t_train), (x_test, t_test) = data.load_digits_split(flatten=True)
figures.batchnorm_comparison(network, x_train, t_train, scales=np.logspace(0, -4, 16 if FULL else 5),
                             epochs=20 if FULL else 8)
""")
    b.md(r"""
### Overfitting and its cures (과적합과 그 대책)

Only 300 training samples and a 6-hidden-layer network: the training accuracy reaches 100% while the test accuracy
stays behind. Weight decay and dropout narrow the gap. (The digits are an easy set, so the effect is smaller than on
the book's MNIST example.)

> 학습 데이터 300개와 깊은 신경망으로 과적합을 일으키고, 가중치 감소와 드롭아웃이 훈련·시험 정확도의 차이를 줄이는지
> 봅니다.
""")
    b.code(r"""
figures.overfitting_curves(network, x_train, t_train, x_test, t_test, epochs=100 if FULL else 30)
""")
    b.code(r"""
# your EarlyStopping watching the validation loss (here the held-out part of the digits plays the validation set)
figures.early_stopping_curves(network, regularization, x_train, t_train, x_test, t_test, epochs=60 if FULL else 40)
""")
    b.question("q_batchnorm", 3, r"""
### Question 1 (서술형 질문 1) — 3 points

In the batch-norm figure, why does the network *with* batch normalization learn at weight scales where the plain
network does not learn at all? Refer to the activation histograms of assignment 3.

> 배치 정규화가 있는 신경망은 왜 일반 신경망이 전혀 학습하지 못하는 초기 가중치 크기에서도 학습할 수 있을까요?
> 과제 3의 활성화값 히스토그램과 연결해 설명하세요.
""", r"""
Without normalization the scale of the activations is multiplied at every layer by roughly
$\sqrt{n_{in}}\cdot\mathrm{std}(W)$ (times ½ in variance for ReLU). For a large std the activations and logits explode
(overflow, saturated softmax, NaN losses); for a small std they shrink towards 0 layer by layer, so the output is
nearly constant and the gradients reaching the first layers vanish — the histograms of assignment 3 (std 1 and
0.01). Batch normalization divides every pre-activation by its own batch standard deviation, so each layer's input
has mean 0 and variance 1 (then $\gamma, \beta$) whatever the weight scale: the forward signal neither explodes nor
vanishes, and the backward pass is rescaled by the same factor, so gradients stay usable. Learning therefore depends
much less on the initialization, and larger learning rates are stable (documents 000, 001, 004).
""")
    b.question("q_dropout_scale", 2, r"""
### Question 2 (서술형 질문 2) — 2 points

Why does inverted dropout multiply the kept units by $1/(1-p)$ during training? What would go wrong at test time
if training dropped units without this scaling and the test-time layer stayed the identity?

> 역 드롭아웃이 학습 때 남은 뉴런에 $1/(1-p)$를 곱하는 이유는 무엇일까요? 이 배율 없이 학습하고 추론 때 그대로
> 통과시키면 무엇이 잘못될까요?
""", r"""
A unit kept with probability $1-p$ and scaled by $1/(1-p)$ has expected output $(1-p)\cdot x/(1-p) = x$, the same as
the un-dropped unit, so the next layer sees inputs of the same scale in training and at test time, where all units
are active and the layer does nothing. Without the scaling, training would see on average only $(1-p)x$; the next
layers' weights adapt to that smaller scale, and at test time (all units on, no scaling) every input would be
$1/(1-p)$ times larger than in training — e.g. twice as large for $p = 0.5$ — shifting all pre-activations and
degrading the predictions. (The book's version instead multiplies by $1-p$ at test time; inverted dropout moves that
factor into training so inference needs no change.)
""")
    return b


# ----------------------------------------------------------------------------------------------------------------
# a05 — CNN
# ----------------------------------------------------------------------------------------------------------------

def a05() -> Builder:
    b = Builder("a05_cnn")
    b.md(r"""
# Assignment 5 — Convolutional networks (합성곱 신경망, CNN)

You will implement the convolution output size, im2col / col2im, the convolution and pooling layers with their
backward passes, data augmentation, and the `SimpleConvNet` (Conv → ReLU → Pool → Affine → ReLU → Affine →
Softmax); then train it on the digits and look at what its filters learned. Files to edit: **`conv.py`**,
**`augmentation.py`**, **`network.py`** (`layers.py` is provided). Sources: document 000 ch. 7 (합성곱 계층,
풀링 계층, CNN 구현하기), document 002 (data augmentation).

> 합성곱 출력 크기, im2col/col2im, 합성곱·풀링 계층과 역전파, 데이터 증강, `SimpleConvNet`을 구현하고 손글씨 숫자로
> 학습한 뒤 필터가 무엇을 배웠는지 봅니다. 수정할 파일: `conv.py`, `augmentation.py`, `network.py`.
""" + HOW_TO)
    b.setup(["conv", "augmentation", "network"], extra="import time")
    b.code('check("a05_cnn");  # the semicolon hides the returned result object')
    b.md(r"""
## 1. Output size (출력 크기)

Input $(H, W)$, filter $(FH, FW)$, padding $P$ (패딩: zeros around the input), stride $S$ (스트라이드: the step
between filter positions) — document 000:

$$ OH = \frac{H + 2P - FH}{S} + 1, \qquad OW = \frac{W + 2P - FW}{S} + 1 $$

When $H + 2P - FH$ is not divisible by $S$ the filter does not tile the input; `conv_output_size` raises a
`ValueError` naming the numbers (as it does for an output smaller than 1).

> **출력 크기** — $OH = (H + 2P - FH)/S + 1$. 나누어떨어지지 않으면 필터가 입력을 딱 맞게 덮지 못하므로 오류를 냅니다.
""")
    b.code(r"""
print(conv.conv_output_size(28, 5), conv.conv_output_size(8, 5, pad=2), conv.conv_output_size(7, 3, stride=2))
""")
    b.test("conv.conv_output_size")
    b.md(r"""
## 2. im2col and col2im

A batch of images $(N, C, H, W)$ convolved with $FN$ filters $(FN, C, FH, FW)$ gives $(N, FN, OH, OW)$, plus a bias
$(FN, 1, 1)$ (document 000). Looping over positions is slow in numpy; instead `im2col` copies every filter-sized
window into one row of a matrix of shape $(N\cdot OH\cdot OW,\; C\cdot FH\cdot FW)$, so the whole convolution
becomes one matrix product with the filters reshaped to $(FN, C\cdot FH\cdot FW)$. `col2im` is its adjoint: it adds
every row back to the window it came from (overlapping windows *add up*), which is exactly what the backward pass
needs.

> **im2col** — 필터 크기의 창을 한 행으로 펼쳐 합성곱을 하나의 행렬 곱으로 바꿉니다. `col2im`은 그 반대 방향(수반
> 연산)으로, 겹치는 창의 값은 더해집니다. 역전파에 바로 이 연산이 필요합니다.
""")
    b.test("conv.im2col", "conv.col2im")
    b.md(r"""
## 3. Convolution and pooling layers (합성곱 계층, 풀링 계층)

`Convolution(W, b, stride, pad)`: forward `col @ W.reshape(FN, -1).T + b`, reshaped to (N, FN, OH, OW)
(cross-correlation, the filter is not flipped); backward $\partial L/\partial W$ from `col.T @ dout`,
$\partial L/\partial b$ = the sum of `dout` over N, OH, OW, and $\partial L/\partial x$ = `col2im(dout @ W)`.

`Pooling(pool_h, pool_w, stride, pad, mode)`: the maximum (or the average) of each window, channel by channel. It has
no parameters and does not change the number of channels, and it is robust to small shifts of the input (풀링 계층은
학습할 매개변수가 없고, 채널 수가 변하지 않으며, 입력의 변화에 강건하다 — document 000). Backward sends the gradient
to the position of the maximum (max) or spreads it evenly (average).

> **합성곱 계층과 풀링 계층** — 합성곱은 im2col 행렬과 필터 행렬의 곱이고, 역전파도 행렬 곱과 col2im입니다. 풀링은
> 창마다 최댓값(또는 평균)을 취하며 매개변수가 없고 채널 수를 바꾸지 않습니다.
""")
    b.test("conv.Convolution", "conv.Pooling")
    b.md(r"""
## 4. Data augmentation (데이터 증강, document 002)

Too little data leads to overfitting; augmentation makes more training data from what we have — shift and crop,
flip, rotation, resize, colour jitter, noise. The augmented data must stay realistic (증강된 데이터는 현실적이어야
합니다), or the network learns wrong patterns. Implement `horizontal_flip`, `random_shift`, `add_noise` and
`rotate90`; shapes are preserved, labels untouched, the result is deterministic for a seeded `rng`.

> **데이터 증강** — 데이터가 적으면 과적합되므로 이동·자르기, 뒤집기, 회전, 크기 조정, 색 변화, 잡음으로 데이터를
> 늘립니다. 단, 증강한 데이터는 현실적이어야 합니다.
""")
    b.test("augmentation")
    b.code(r"""
(x_train, t_train), (x_test, t_test) = data.load_digits_split()   # (N, 1, 8, 8) images
figures.augmentation_examples(augmentation, x_test[:4])
""")
    b.md(r"""
## 5. SimpleConvNet

Conv → ReLU → Pool (2×2 max, stride 2) → Affine → ReLU → Affine → SoftmaxWithLoss, parameters `W1 b1` (filters),
`W2 b2`, `W3 b3`. For the 8×8 digits we use 30 filters of 5×5 with padding 2 (so the conv output stays 8×8, and the
pooling makes it 4×4) and 100 hidden units, trained with plain SGD (learning rate 0.1, batches of 50) on all 1,438
training images, every batch shifted at random by up to one pixel with *your* `random_shift`. The full run
(`KIT_FULL=1`) trains 30 epochs and should reach at least 95 % test accuracy; the quick run 3 epochs.

> Conv → ReLU → Pool → Affine → ReLU → Affine → Softmax 구조입니다. 8×8 숫자에는 5×5 필터 30개와 패딩 2를 쓰고,
> 여러분의 `random_shift`로 매 배치를 최대 1픽셀 무작위 이동해 학습합니다. 전체 실행(`KIT_FULL=1`)은 30 에폭으로
> 시험 정확도 95 % 이상이 목표이고, 빠른 실행은 3 에폭입니다.
""")
    b.test("network.SimpleConvNet")
    b.code(r"""
epochs = 30 if FULL else 3
shift = lambda batch, rng: augmentation.random_shift(batch, 1, rng)   # data augmentation (데이터 증강)
start = time.perf_counter()
net, W1_before, history = figures.train_digits_convnet(network, epochs=epochs, augment=shift)
seconds = time.perf_counter() - start
print(f"{epochs} epochs in {seconds:.1f} s; test accuracy {history['test_acc'][-1]:.4f}")
figures.learning_curves(history, f"SimpleConvNet on the 8×8 digits ({seconds:.0f} s)")
""")
    b.md(r"""
### What the filters learned (필터 시각화)

Before training the 5×5 filters are random noise. Compare each filter with itself after training: in the full run
several become smoother and oriented — horizontal or vertical bars and edges, the strokes digits are made of (on
8×8 images the change is subtler than the book's MNIST filters, and after the 3 quick epochs it is barely visible).
The feature maps show where each filter responds on one test digit (after ReLU).

> 학습 전 필터는 무작위 잡음입니다. 전체 실행 후에는 여러 필터가 매끄럽고 방향성 있는 모양(가로·세로 막대나 경계,
> 즉 숫자의 획)으로 바뀝니다(8×8 이미지라 MNIST보다 변화가 작고, 빠른 실행의 3 에폭으로는 거의 보이지 않습니다).
> 특징 맵은 한 숫자 이미지에서 각 필터가 반응하는 위치입니다.
""")
    b.code(r"""
figures.conv_filters(W1_before, net.params["W1"])
""")
    b.code(r"""
figures.feature_maps(conv, net.params["W1"], net.params["b1"], x_test[0], pad=figures.DIGITS_CONV_PARAM["pad"])
""")
    b.question("q_augmentation", 3, r"""
### Question 1 (서술형 질문 1) — 3 points

Which of the augmentations in the figure are realistic for handwritten digits, and which could teach the network
wrong patterns? Give concrete digits as examples (document 002: augmented data must stay realistic).

> 그림의 증강 중 손글씨 숫자에 현실적인 것과 잘못된 패턴을 가르칠 수 있는 것은 무엇인지, 구체적인 숫자를 예로 들어
> 설명하세요.
""", r"""
Small shifts and mild noise are realistic: people write digits slightly off-centre and scans are noisy, and a shifted
"3" is still a "3" — these augmentations add plausible variation and reduce overfitting. A horizontal flip is not:
a mirrored "2", "3", "4", "7" or "9" is not a digit anyone writes (a mirrored "3" resembles an "ε"), and for
symmetric-looking digits it adds nothing. A 90° rotation is worse: it turns a "1" into a horizontal bar and can make a
"6" look like a "9" after a further flip or a 180° turn, so the label would be wrong. Flips and rotations suit
images whose class does not depend on orientation (natural photographs for flips, satellite or microscope images
for rotations), not digits, where orientation is part of the class.
""")
    b.question("q_pooling", 2, r"""
### Question 2 (서술형 질문 2) — 2 points

Count the parameters of this SimpleConvNet's convolution layer (30 filters 5×5, 1 channel) and compare with a fully
connected layer producing the same 30×8×8 outputs from the 8×8 input. What property of convolution explains the
difference?

> 이 SimpleConvNet 합성곱 계층의 매개변수 수(5×5 필터 30개, 채널 1)를 세고, 8×8 입력에서 같은 30×8×8 출력을 만드는
> 완전연결 계층과 비교하세요. 차이를 설명하는 합성곱의 성질은 무엇일까요?
""", r"""
Convolution: 30 filters × (1 × 5 × 5) weights + 30 biases = 780 parameters. A fully connected layer from 64 inputs to
30·8·8 = 1,920 outputs needs 64 × 1,920 + 1,920 = 124,800 parameters, 160 times more. Convolution uses local
connectivity (each output sees only a 5×5 window) and weight sharing (the same filter is applied at every position),
so a pattern learned at one place is detected everywhere (translation equivariance) with far fewer parameters —
less to learn, less overfitting, and the image's spatial structure is kept (document 000: the 3-D shape of the data
is preserved, unlike Affine layers that flatten it).
""")
    return b


BUILDERS = {"a01_perceptron": a01, "a02_backprop": a02, "a03_optimization": a03, "a04_regularization": a04,
            "a05_cnn": a05}


def render(aid: str) -> str:
    return nbformat.writes(BUILDERS[aid]().build()) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("ids", nargs="*", help="assignment ids (default: all)")
    p.add_argument("--check", action="store_true", help="only compare with the committed notebooks")
    args = p.parse_args(argv)
    stale = []
    for aid in args.ids or list(BUILDERS):
        text = render(aid)
        path = ROOT / "solutions" / aid / f"{aid}.ipynb"
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("stale notebooks (run python tools/make_notebooks.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
