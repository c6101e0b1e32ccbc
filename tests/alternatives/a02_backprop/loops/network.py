"""Alternative style: the layers are called one by one by name (no generic loop over a container), and
accuracy counts the hits in a Python loop. Same structure as required: Affine–Relu–Affine–SoftmaxWithLoss.
"""
import numpy as np

from layers import Affine, Relu, SoftmaxWithLoss


class TwoLayerNet:
    """input → Affine1 → Relu1 → Affine2 → SoftmaxWithLoss."""

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, rng=None):
        if rng is None:
            rng = np.random.default_rng()
        self.params = {}
        self.params["W1"] = rng.normal(0.0, 1.0, size=(input_size, hidden_size)) * weight_init_std
        self.params["b1"] = np.zeros(hidden_size)
        self.params["W2"] = rng.normal(0.0, 1.0, size=(hidden_size, output_size)) * weight_init_std
        self.params["b2"] = np.zeros(output_size)
        # a plain dict keeps insertion order too
        self.layers = {
            "Affine1": Affine(self.params["W1"], self.params["b1"]),
            "Relu1": Relu(),
            "Affine2": Affine(self.params["W2"], self.params["b2"]),
        }
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        h = self.layers["Affine1"].forward(x)
        h = self.layers["Relu1"].forward(h)
        return self.layers["Affine2"].forward(h)

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        scores = self.predict(x)
        t = np.asarray(t)
        hits = 0
        for i in range(scores.shape[0]):
            label = int(np.argmax(t[i])) if t.ndim > 1 else int(t[i])
            if int(np.argmax(scores[i])) == label:
                hits += 1
        return hits / scores.shape[0]

    def gradient(self, x, t):
        self.loss(x, t)
        d = self.last_layer.backward(1)
        d = self.layers["Affine2"].backward(d)
        d = self.layers["Relu1"].backward(d)
        self.layers["Affine1"].backward(d)
        return {
            "W1": self.layers["Affine1"].dW,
            "b1": self.layers["Affine1"].db,
            "W2": self.layers["Affine2"].dW,
            "b2": self.layers["Affine2"].db,
        }
