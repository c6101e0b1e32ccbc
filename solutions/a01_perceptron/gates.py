"""Logic gates built from perceptrons (퍼셉트론으로 만든 논리 게이트).

Source: document 001, §1–3 (퍼셉트론, 단층 퍼셉트론 - AND/NAND/OR/XOR 게이트, 다층 퍼셉트론).

A perceptron (퍼셉트론) outputs 1 when the weighted sum of its inputs plus a bias (편향) is positive and
0 otherwise::

    y = 0   if  w1·x1 + w2·x2 + b <= 0
    y = 1   if  w1·x1 + w2·x2 + b >  0

AND, NAND and OR are single-layer perceptrons (단층 퍼셉트론) that differ only in their weights and bias.
XOR cannot be drawn with one straight line, so it needs two layers (다층 퍼셉트론): XOR = AND(NAND, OR).

Every gate takes two inputs that are 0 or 1 and returns the Python int 0 or 1.
"""
import numpy as np


def perceptron(x, w, b):
    """One perceptron (퍼셉트론) on one input vector.

    Parameters
    ----------
    x : array-like of shape (n,)   the inputs x_i (입력)
    w : array-like of shape (n,)   the weights w_i (가중치)
    b : float                      the bias (편향)

    Returns
    -------
    int : 1 if Σ_i w_i·x_i + b > 0, else 0  (a sum of exactly 0 gives 0, as in document 001's gates).

    요약: 가중합에 편향을 더한 값이 0보다 크면 1, 아니면 0을 반환합니다.
    """
    ### BEGIN SOLUTION
    total = float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float))) + float(b)
    return 1 if total > 0 else 0
    ### END SOLUTION


def AND(x1, x2):
    """AND gate (AND 게이트): 1 only when both inputs are 1.

    Build it as a perceptron: choose weights w1, w2 and a bias b so that w1·x1 + w2·x2 + b > 0 only for
    (1, 1) (document 001 uses w = (0.5, 0.5), b = −0.7), and return ``perceptron((x1, x2), w, b)`` or the same
    computation written out. Returns int 0 or 1.

    요약: 두 입력이 모두 1일 때만 1을 출력하는 퍼셉트론.
    """
    ### BEGIN SOLUTION
    return perceptron((x1, x2), (0.5, 0.5), -0.7)
    ### END SOLUTION


def NAND(x1, x2):
    """NAND gate (NAND 게이트): the opposite of AND — 0 only when both inputs are 1.

    A perceptron whose weights and bias are those of AND with the sign flipped. Returns int 0 or 1.

    요약: AND의 출력을 뒤집은 게이트 (가중치와 편향의 부호를 반대로).
    """
    ### BEGIN SOLUTION
    return perceptron((x1, x2), (-0.5, -0.5), 0.7)
    ### END SOLUTION


def OR(x1, x2):
    """OR gate (OR 게이트): 1 when at least one input is 1.

    A perceptron with a bias small enough that one active input is enough (document 001: w = (0.6, 0.6),
    b = −0.5). Returns int 0 or 1.

    요약: 입력 중 하나라도 1이면 1을 출력하는 퍼셉트론.
    """
    ### BEGIN SOLUTION
    return perceptron((x1, x2), (0.6, 0.6), -0.5)
    ### END SOLUTION


def XOR(x1, x2):
    """XOR gate (XOR 게이트): 1 when exactly one input is 1.

    A single perceptron cannot do this (XOR is not linearly separable, 선형 분리 불가능). Compose it from the
    gates above as a two-layer perceptron (다층 퍼셉트론): the first layer computes s1 = NAND(x1, x2) and
    s2 = OR(x1, x2), the second layer AND(s1, s2). Call the functions NAND, OR and AND of this module;
    a lookup table of the four cases does not count (the checks replace the gates and watch XOR follow).
    Returns int 0 or 1.

    요약: NAND와 OR의 출력을 AND로 합쳐 만드는 2층 퍼셉트론.
    """
    ### BEGIN SOLUTION
    return AND(NAND(x1, x2), OR(x1, x2))
    ### END SOLUTION
