"""A two-layer neural network trained by backpropagation (오차역전파법으로 학습하는 2층 신경망).

Source: document 001 §2–3 and §6; structure of "Deep Learning from Scratch" ch. 5 (TwoLayerNet):
Affine → Relu → Affine → SoftmaxWithLoss. Uses the layers of this folder's ``layers.py``.
"""
from collections import OrderedDict

import numpy as np

from layers import Affine, Relu, SoftmaxWithLoss


class TwoLayerNet:
    """Two-layer network (2층 신경망): input → Affine1 → Relu1 → Affine2 → SoftmaxWithLoss.

    Parameters
    ----------
    input_size, hidden_size, output_size : int   sizes D, H, K of the layers
    weight_init_std : float   the weights start as weight_init_std · N(0, 1) samples; biases start at 0
    rng : numpy.random.Generator or None   source of the random weights (None → np.random.default_rng())

    Attributes
    ----------
    params : dict with 'W1' (D, H), 'b1' (H,), 'W2' (H, K), 'b2' (K,). The layers must use these very arrays
        (not copies), so an optimizer that updates ``params`` in place trains the network.
    layers : OrderedDict of the layers in order ('Affine1', 'Relu1', 'Affine2'); last_layer : SoftmaxWithLoss.

    요약: Affine–Relu–Affine–SoftmaxWithLoss 구조의 2층 신경망; gradient()는 오차역전파법으로 기울기를 구합니다.
    """

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, rng=None):
        ### BEGIN SOLUTION
        rng = np.random.default_rng() if rng is None else rng
        self.params = {
            "W1": weight_init_std * rng.standard_normal((input_size, hidden_size)),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * rng.standard_normal((hidden_size, output_size)),
            "b2": np.zeros(output_size),
        }
        self.layers = OrderedDict()
        self.layers["Affine1"] = Affine(self.params["W1"], self.params["b1"])
        self.layers["Relu1"] = Relu()
        self.layers["Affine2"] = Affine(self.params["W2"], self.params["b2"])
        self.last_layer = SoftmaxWithLoss()
        ### END SOLUTION

    def predict(self, x):
        """x: (N, D). Returns the scores (logits) of shape (N, K) — before softmax."""
        ### BEGIN SOLUTION
        for layer in self.layers.values():
            x = layer.forward(x)
        return x
        ### END SOLUTION

    def loss(self, x, t):
        """Mean cross-entropy loss (float) of the batch x (N, D) with labels t ((N,) or one-hot (N, K))."""
        ### BEGIN SOLUTION
        return self.last_layer.forward(self.predict(x), t)
        ### END SOLUTION

    def accuracy(self, x, t):
        """Fraction (float in [0, 1]) of samples whose highest score is the label (t labels or one-hot)."""
        ### BEGIN SOLUTION
        y = np.argmax(self.predict(x), axis=1)
        t = np.asarray(t)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return float(np.mean(y == t))
        ### END SOLUTION

    def gradient(self, x, t):
        """Gradients of the loss by backpropagation (오차역전파법): dict with keys 'W1', 'b1', 'W2', 'b2' and arrays
        of the same shapes as params. Run a forward pass (loss), then backward through the layers in reverse."""
        ### BEGIN SOLUTION
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        return {"W1": self.layers["Affine1"].dW, "b1": self.layers["Affine1"].db,
                "W2": self.layers["Affine2"].dW, "b2": self.layers["Affine2"].db}
        ### END SOLUTION
