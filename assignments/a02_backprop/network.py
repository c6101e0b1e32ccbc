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
        # YOUR CODE HERE
        raise NotImplementedError()

    def predict(self, x):
        """x: (N, D). Returns the scores (logits) of shape (N, K) — before softmax."""
        # YOUR CODE HERE
        raise NotImplementedError()

    def loss(self, x, t):
        """Mean cross-entropy loss (float) of the batch x (N, D) with labels t ((N,) or one-hot (N, K))."""
        # YOUR CODE HERE
        raise NotImplementedError()

    def accuracy(self, x, t):
        """Fraction (float in [0, 1]) of samples whose highest score is the label (t labels or one-hot)."""
        # YOUR CODE HERE
        raise NotImplementedError()

    def gradient(self, x, t):
        """Gradients of the loss by backpropagation (오차역전파법): dict with keys 'W1', 'b1', 'W2', 'b2' and arrays
        of the same shapes as params. Run a forward pass (loss), then backward through the layers in reverse."""
        # YOUR CODE HERE
        raise NotImplementedError()
