"""Alternative style: loops and branches instead of closed formulas.

- exponential_decay multiplies by decay_rate once per whole period in a loop, then by decay_rate^(fraction)
  for the part of a period that is left (continuous, no staircase);
- cosine_decay returns the floor value alpha·initial_lr directly once the decay is over;
- step_decay counts the completed stairs in a while loop.
The argument checks _check_step / _check_period are the helpers the assignment ships.
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
    _check_step(step)
    _check_period("decay_steps", decay_steps)
    periods = step / decay_steps
    whole = int(math.floor(periods))
    lr = float(initial_lr)
    for _ in range(whole):
        lr *= decay_rate
    return float(lr * decay_rate ** (periods - whole))


def cosine_decay(step, initial_lr, decay_steps, alpha=0.0):
    _check_step(step)
    _check_period("decay_steps", decay_steps)
    if step >= decay_steps:                       # the cosine has reached its bottom: cos(π) = −1
        return float(initial_lr * alpha)
    cosine = 0.5 * (1.0 + math.cos(math.pi * step / decay_steps))
    return float(initial_lr * ((1.0 - alpha) * cosine + alpha))


def step_decay(step, initial_lr, drop, every):
    _check_step(step)
    _check_period("every", every)
    lr = float(initial_lr)
    stairs_done = 0
    while (stairs_done + 1) * every <= step:
        stairs_done += 1
        lr *= drop
    return float(lr)
