"""Alternative style: the layers are built from a list of (name, layer) pairs, predict folds the input through
them with functools.reduce, and accuracy compares label vectors with np.mean. Structure as required:
Affine1–Relu1–Affine2, then SoftmaxWithLoss; the Affine layers share the arrays of ``params``.
"""
from collections import OrderedDict
from functools import reduce

import numpy as np

from layers import Affine, Relu, SoftmaxWithLoss


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, rng=None):
        rng = rng if rng is not None else np.random.default_rng()
        sizes = [(input_size, hidden_size), (hidden_size, output_size)]
        self.params = {}
        for i, (n_in, n_out) in enumerate(sizes, start=1):
            self.params[f"W{i}"] = rng.normal(0.0, weight_init_std, size=(n_in, n_out))
            self.params[f"b{i}"] = np.zeros(n_out)
        self.layers = OrderedDict([
            ("Affine1", Affine(self.params["W1"], self.params["b1"])),
            ("Relu1", Relu()),
            ("Affine2", Affine(self.params["W2"], self.params["b2"])),
        ])
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        return reduce(lambda h, layer: layer.forward(h), self.layers.values(), x)

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        predicted = self.predict(x).argmax(axis=-1)
        t = np.asarray(t)
        labels = t.argmax(axis=-1) if t.ndim == 2 else t
        return float(np.mean(predicted == labels))

    def gradient(self, x, t):
        self.loss(x, t)
        reduce(lambda d, layer: layer.backward(d), reversed(self.layers.values()), self.last_layer.backward(1))
        grads = {}
        for i in (1, 2):
            affine = self.layers[f"Affine{i}"]
            grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
        return grads
