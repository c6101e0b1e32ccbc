"""Document 003 style: the schedules written the way 003 (and Keras, which it quotes) states them — cosine decay
as "step = min(step, decay_steps); cosine_decay = ½(1 + cos(π·step/decay_steps)); decayed = (1 − α)·cosine_decay
+ α; return initial_learning_rate · decayed", exponential decay as initial_learning_rate · decay_rate^(step /
decay_steps), and step decay as a power of drop with a floor division.
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
    initial_learning_rate = initial_lr
    p = step / decay_steps
    return float(initial_learning_rate * math.pow(decay_rate, p))


def cosine_decay(step, initial_lr, decay_steps, alpha=0.0):
    _check_step(step)
    _check_period("decay_steps", decay_steps)
    initial_learning_rate = initial_lr
    step = min(step, decay_steps)
    cosine_decay = 0.5 * (1 + math.cos(math.pi * step / decay_steps))
    decayed = (1 - alpha) * cosine_decay + alpha
    return float(initial_learning_rate * decayed)


def step_decay(step, initial_lr, drop, every):
    _check_step(step)
    _check_period("every", every)
    return float(initial_lr * math.pow(drop, step // every))
