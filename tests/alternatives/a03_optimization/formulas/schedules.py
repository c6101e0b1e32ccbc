"""Alternative style: equal formulas written differently.

- exponential_decay as initial_lr · exp((step / decay_steps) · ln decay_rate);
- cosine_decay with the half-angle identity ½(1 + cos θ) = cos²(θ/2);
- step_decay with math.floor(step / every) for the number of completed stairs.
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
    if decay_rate <= 0:                         # no logarithm; 0 ** 0 = 1 at step 0
        return float(initial_lr * decay_rate ** (step / decay_steps))
    return float(initial_lr * math.exp(step / decay_steps * math.log(decay_rate)))


def cosine_decay(step, initial_lr, decay_steps, alpha=0.0):
    _check_step(step)
    _check_period("decay_steps", decay_steps)
    progress = min(step, decay_steps) / decay_steps          # in [0, 1]
    half_cosine = math.cos(0.5 * math.pi * progress) ** 2     # = ½(1 + cos(π·progress))
    return float(initial_lr * alpha + initial_lr * (1.0 - alpha) * half_cosine)


def step_decay(step, initial_lr, drop, every):
    _check_step(step)
    _check_period("every", every)
    return float(initial_lr * drop ** math.floor(step / every))
