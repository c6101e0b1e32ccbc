"""A small mini-batch training loop for the notebooks and the figures (미니배치 학습 루프).

The networks are the students' own (``TwoLayerNet``, ``MultiLayerNetExtend``, ``SimpleConvNet``): anything with
``params`` (dict of arrays), ``gradient(x, t)`` (dict of the same keys), ``loss(x, t)`` and ``accuracy(x, t)``.
The update rule is a callable ``update(params, grads)`` that changes ``params`` in place; the default is plain
stochastic gradient descent with a constant learning rate, and in assignment a03 the students' own optimizers
plug in as ``update=optimizer.update``.

One epoch (에폭) visits every training sample once, in a fresh random order from the seeded generator.
"""
from __future__ import annotations

import time

import numpy as np


def sgd_update(lr: float):
    """The update of plain SGD, ``W ← W − lr · dL/dW`` on every array of ``params`` (in place)."""
    def update(params, grads):
        for name, value in params.items():
            value -= lr * grads[name]
    return update


def batched_accuracy(network, x, t, batch_size: int = 500) -> float:
    """``network.accuracy`` over ``x`` in batches (weighted by batch size), so big sets fit in memory."""
    n = len(x)
    if n == 0:
        return float("nan")
    total = 0.0
    for start in range(0, n, batch_size):
        xb, tb = x[start:start + batch_size], t[start:start + batch_size]
        total += float(network.accuracy(xb, tb)) * len(xb)
    return total / n


def batched_loss(network, x, t, batch_size: int = 500) -> float:
    """``network.loss`` over ``x`` in batches (the mean over all samples; a weight-decay term counts once per
    batch, as it would in training)."""
    n = len(x)
    total = 0.0
    for start in range(0, n, batch_size):
        xb, tb = x[start:start + batch_size], t[start:start + batch_size]
        total += float(network.loss(xb, tb)) * len(xb)
    return total / n


def fit(network, x_train, t_train, x_test=None, t_test=None, *, epochs: int = 10, batch_size: int = 100,
        lr: float = 0.1, update=None, seed: int = 0, augment=None, record_batch_loss: bool = False,
        eval_size: int | None = 2000, eval_loss: bool = True, on_epoch=None, stop=None) -> dict:
    """Train ``network`` by mini-batch gradient descent and return its history.

    Parameters
    ----------
    network : object with ``params``, ``gradient``, ``loss``, ``accuracy``
    x_train, t_train : training samples and labels; x_test, t_test : optional test (or validation) set
    epochs, batch_size : number of passes over the training set and samples per step
    lr : learning rate of the default SGD update (ignored when ``update`` is given)
    update : callable ``update(params, grads)``; default :func:`sgd_update` (lr)
    seed : seed of the shuffling (and of ``augment``'s generator)
    augment : optional callable ``augment(x_batch, rng) -> x_batch`` applied to every training batch
    record_batch_loss : also record ``network.loss`` on every batch after its update (``history['batch_loss']``)
    eval_size : the per-epoch training loss/accuracy are measured on at most this many training samples
    eval_loss : measure the losses after each epoch (default); False records accuracies only (faster)
    on_epoch : optional callable ``on_epoch(epoch, history)`` after each epoch's evaluation
    stop : optional callable ``stop(history) -> bool`` checked after each epoch (e.g. early stopping)

    Returns
    -------
    dict with lists ``epoch``, ``train_loss``, ``train_acc``, ``test_loss``, ``test_acc`` (one entry per epoch,
    epoch 0 = before training), ``batch_loss`` (if recorded), and ``seconds`` (training time, evaluation
    excluded) and ``stopped_epoch`` (None unless ``stop`` ended the run).
    """
    rng = np.random.default_rng(seed)
    update = update if update is not None else sgd_update(lr)
    n = len(x_train)
    ev = np.arange(n) if eval_size is None or eval_size >= n else np.random.default_rng(seed + 1).choice(
        n, eval_size, replace=False)
    hist = {"epoch": [], "train_loss": [], "train_acc": [], "test_loss": [], "test_acc": [], "batch_loss": [],
            "seconds": 0.0, "stopped_epoch": None}

    def evaluate(epoch):
        hist["epoch"].append(epoch)
        if eval_loss:
            hist["train_loss"].append(batched_loss(network, x_train[ev], t_train[ev]))
        hist["train_acc"].append(batched_accuracy(network, x_train[ev], t_train[ev]))
        if x_test is not None:
            if eval_loss:
                hist["test_loss"].append(batched_loss(network, x_test, t_test))
            hist["test_acc"].append(batched_accuracy(network, x_test, t_test))

    evaluate(0)
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        order = rng.permutation(n)
        for i in range(0, n, batch_size):
            idx = order[i:i + batch_size]
            xb, tb = x_train[idx], t_train[idx]
            if augment is not None:
                xb = augment(xb, rng)
            grads = network.gradient(xb, tb)
            update(network.params, grads)
            if record_batch_loss:
                hist["batch_loss"].append(float(network.loss(xb, tb)))
        hist["seconds"] += time.perf_counter() - start
        evaluate(epoch)
        if on_epoch is not None:
            on_epoch(epoch, hist)
        if stop is not None and stop(hist):
            hist["stopped_epoch"] = epoch
            break
    return hist
