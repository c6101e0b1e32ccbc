"""Learning-rate schedules (학습률 계획, learning rate scheduling / 학습률 감소, learning rate decay).

A schedule gives the learning rate to use at a training step: large steps early, small steps late.
This module holds three of them, as functions of the step number:

- ``exponential_decay``  continuous exponential decay (지수 감쇠), as Keras ``ExponentialDecay`` in document 003
- ``cosine_decay``       cosine decay (코사인 감쇠), the formula printed in document 003 ("ex3")
- ``step_decay``         step decay (계단식 감쇠): multiply by ``drop`` every ``every`` steps

Source: document 003, "학습률 감소 (Learning rate decay)" and "학습률 계획 (Learning rate scheduling)".

Conventions shared by all three: ``step`` is an int or float ≥ 0 (the number of updates or epochs done so far);
the result is a Python ``float``; a negative ``step`` or a non-positive period raises ``ValueError``.
Plug the value into an optimizer between updates, e.g. ``opt.lr = cosine_decay(i, 0.1, 1000)``.

요약: 지수 감쇠, 코사인 감쇠, 계단식 감쇠 학습률 스케줄을 구현하는 모듈.
"""

import math


def _check_step(step):
    """Raise ValueError for a negative step (shared argument check, given complete)."""
    if step < 0:
        raise ValueError(f"step must be >= 0, got {step}")


def _check_period(name, value):
    """Raise ValueError for a period (decay_steps, every) that is not > 0 (given complete)."""
    if not value > 0:
        raise ValueError(f"{name} must be > 0, got {value}")


def exponential_decay(step, initial_lr, decay_steps, decay_rate):
    """Exponential learning-rate decay (지수 감쇠), continuous (no staircase).

        lr(step) = initial_lr · decay_rate ^ (step / decay_steps)

    The rate is multiplied by ``decay_rate`` every ``decay_steps`` steps, smoothly in between (``step /
    decay_steps`` is a true division, not floored). Document 003 uses it through Keras:
    ``ExponentialDecay(initial_learning_rate=1e-2, decay_steps=10000, decay_rate=0.9)``.

    Parameters
    ----------
    step : int or float
        Current step, ≥ 0.
    initial_lr : float
        Learning rate at step 0.
    decay_steps : int or float
        Period of one factor ``decay_rate`` (> 0).
    decay_rate : float
        Factor per period, usually in (0, 1).

    Returns
    -------
    float
        The learning rate at ``step`` (Python float); equals ``initial_lr`` at step 0.

    Raises
    ------
    ValueError
        If ``step < 0`` or ``decay_steps <= 0``.

    요약: initial_lr · decay_rate^(step/decay_steps), 계단 없이 연속적으로 감소.
    """
    ### BEGIN SOLUTION
    _check_step(step)
    _check_period("decay_steps", decay_steps)
    return float(initial_lr * decay_rate ** (step / decay_steps))
    ### END SOLUTION


def cosine_decay(step, initial_lr, decay_steps, alpha=0.0):
    """Cosine learning-rate decay (코사인 감쇠), as printed in document 003.

        s        = min(step, decay_steps)
        cosine   = ½ · (1 + cos(π · s / decay_steps))
        lr(step) = initial_lr · ((1 − alpha) · cosine + alpha)

    The rate falls along half a cosine from ``initial_lr`` (step 0) to ``alpha · initial_lr`` (step
    ``decay_steps``) and stays there for every later step (the step is clipped at ``decay_steps``).

    Parameters
    ----------
    step : int or float
        Current step, ≥ 0.
    initial_lr : float
        Learning rate at step 0.
    decay_steps : int or float
        Length of the decay (> 0).
    alpha : float
        Final learning rate as a fraction of ``initial_lr``, default 0.0.

    Returns
    -------
    float
        The learning rate at ``step`` (Python float).

    Raises
    ------
    ValueError
        If ``step < 0`` or ``decay_steps <= 0``.

    요약: step 을 decay_steps 에서 자른 뒤 initial_lr·((1−α)·½(1+cos(π·step/decay_steps)) + α).
    """
    ### BEGIN SOLUTION
    _check_step(step)
    _check_period("decay_steps", decay_steps)
    s = min(step, decay_steps)
    cosine = 0.5 * (1.0 + math.cos(math.pi * s / decay_steps))
    return float(initial_lr * ((1.0 - alpha) * cosine + alpha))
    ### END SOLUTION


def step_decay(step, initial_lr, drop, every):
    """Step decay (계단식 감쇠): the rate is multiplied by ``drop`` once every ``every`` steps.

        lr(step) = initial_lr · drop ^ ⌊step / every⌋

    ⌊·⌋ is the floor: the rate is constant on [0, every), [every, 2·every), ... (a staircase), unlike
    ``exponential_decay``.

    Parameters
    ----------
    step : int or float
        Current step (or epoch), ≥ 0.
    initial_lr : float
        Learning rate on the first stair.
    drop : float
        Factor applied at each stair, usually in (0, 1), e.g. 0.5.
    every : int or float
        Stair length (> 0).

    Returns
    -------
    float
        The learning rate at ``step`` (Python float).

    Raises
    ------
    ValueError
        If ``step < 0`` or ``every <= 0``.

    요약: initial_lr · drop^⌊step/every⌋, every 스텝마다 drop 배.
    """
    ### BEGIN SOLUTION
    _check_step(step)
    _check_period("every", every)
    n_drops = math.floor(step // every)
    return float(initial_lr * drop ** n_drops)
    ### END SOLUTION
