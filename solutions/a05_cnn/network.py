"""A simple convolutional network (단순한 합성곱 신경망, SimpleConvNet).

Source: document 000, Chapter 7 (합성곱 신경망, CNN) §4 "CNN 구현하기": the CNN structure Conv–ReLU–(Pooling)
followed by the usual Affine–ReLU and Affine–Softmax; the class follows "Deep Learning from Scratch"
(밑바닥부터 시작하는 딥러닝) §7.5. It uses ``Convolution`` and ``Pooling`` from your ``conv.py`` and the provided
``Relu``, ``Affine`` and ``SoftmaxWithLoss`` of ``layers.py``.

요약: Conv → ReLU → Pool → Affine → ReLU → Affine → Softmax 구조의 합성곱 신경망.
"""
from collections import OrderedDict

import numpy as np

from conv import Convolution, Pooling, conv_output_size
from layers import Affine, Relu, SoftmaxWithLoss

DEFAULT_CONV_PARAM = {'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1}


class SimpleConvNet:
    """Simple convolutional network (단순 합성곱 신경망; document 000, Chapter 7 §4, book §7.5):

        input (N, C, H, W) → Conv1 → Relu1 → Pool1 (2×2 max, stride 2) → Affine1 → Relu2 → Affine2 → SoftmaxWithLoss

    Parameters
    ----------
    input_dim : tuple (C, H, W)       shape of one input sample; default (1, 28, 28) (MNIST)
    conv_param : dict or None         'filter_num' FN, 'filter_size' F (square F × F filters), 'pad' P, 'stride' S;
                                      None means {'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1}, and a
                                      dict that lacks some keys takes these defaults for them
    hidden_size : int                 units of the hidden Affine layer (default 100)
    output_size : int                 number of classes K (default 10)
    weight_init_std : float           every weight starts as weight_init_std · N(0, 1); every bias at 0
    rng : numpy.random.Generator or None   source of the random weights (None → np.random.default_rng())

    Shapes: the convolution gives OH = (H + 2P − F)/S + 1 (and OW likewise); the pooling halves them, so OH and OW
    must be even (otherwise ValueError at construction). With PH = OH/2, PW = OW/2:

    Attributes
    ----------
    params : dict   'W1' (FN, C, F, F), 'b1' (FN,)            convolution filters and biases
                    'W2' (FN·PH·PW, hidden_size), 'b2' (hidden_size,)   hidden Affine
                    'W3' (hidden_size, K), 'b3' (K,)            output Affine
        The layers use these very arrays (not copies), so an optimizer updating ``params`` in place trains the net.
    layers : OrderedDict 'Conv1', 'Relu1', 'Pool1', 'Affine1', 'Relu2', 'Affine2' (in order)
    last_layer : SoftmaxWithLoss

    Methods: predict(x) → scores (N, K); loss(x, t) → float; accuracy(x, t, batch_size=100) → float;
    gradient(x, t) → dict of ∂loss/∂param with the keys and shapes of ``params`` (by backpropagation).

    요약: 합성곱–ReLU–풀링–Affine–ReLU–Affine–Softmax 신경망; params 키는 W1 b1 W2 b2 W3 b3.
    """

    def __init__(self, input_dim=(1, 28, 28), conv_param=None, hidden_size=100, output_size=10,
                 weight_init_std=0.01, rng=None):
        conv_param = {**DEFAULT_CONV_PARAM, **(conv_param or {})}
        rng = np.random.default_rng() if rng is None else rng
        ### BEGIN SOLUTION
        filter_num = conv_param['filter_num']
        filter_size = conv_param['filter_size']
        pad, stride = conv_param['pad'], conv_param['stride']
        channels, height, width = input_dim
        conv_h = conv_output_size(height, filter_size, stride, pad)
        conv_w = conv_output_size(width, filter_size, stride, pad)
        if conv_h % 2 or conv_w % 2:
            raise ValueError(f"the convolution output is {conv_h}x{conv_w}; the 2x2 max pooling with stride 2 "
                             f"needs even sizes (change input_dim or conv_param)")
        pool_h, pool_w = conv_h // 2, conv_w // 2
        self.params = {
            'W1': weight_init_std * rng.standard_normal((filter_num, channels, filter_size, filter_size)),
            'b1': np.zeros(filter_num),
            'W2': weight_init_std * rng.standard_normal((filter_num * pool_h * pool_w, hidden_size)),
            'b2': np.zeros(hidden_size),
            'W3': weight_init_std * rng.standard_normal((hidden_size, output_size)),
            'b3': np.zeros(output_size),
        }
        self.layers = OrderedDict()
        self.layers['Conv1'] = Convolution(self.params['W1'], self.params['b1'], stride=stride, pad=pad)
        self.layers['Relu1'] = Relu()
        self.layers['Pool1'] = Pooling(2, 2, stride=2)
        self.layers['Affine1'] = Affine(self.params['W2'], self.params['b2'])
        self.layers['Relu2'] = Relu()
        self.layers['Affine2'] = Affine(self.params['W3'], self.params['b3'])
        self.last_layer = SoftmaxWithLoss()
        ### END SOLUTION

    def predict(self, x):
        """x: (N, C, H, W). Returns the scores (logits, before softmax) of shape (N, K)."""
        ### BEGIN SOLUTION
        for layer in self.layers.values():
            x = layer.forward(x)
        return x
        ### END SOLUTION

    def loss(self, x, t):
        """Mean cross-entropy loss (float) of the batch x (N, C, H, W) with labels t ((N,) or one-hot (N, K))."""
        ### BEGIN SOLUTION
        return self.last_layer.forward(self.predict(x), t)
        ### END SOLUTION

    def accuracy(self, x, t, batch_size=100):
        """Fraction (float in [0, 1]) of samples whose highest score is their label.

        t: labels (N,) or one-hot (N, K). The samples are predicted batch_size at a time (to bound the memory of
        im2col); every sample counts, including a last batch smaller than batch_size (the book drops it).
        """
        ### BEGIN SOLUTION
        t = np.asarray(t)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        correct = 0
        for start in range(0, x.shape[0], batch_size):
            scores = self.predict(x[start:start + batch_size])
            correct += int(np.sum(np.argmax(scores, axis=1) == t[start:start + batch_size]))
        return correct / x.shape[0]
        ### END SOLUTION

    def gradient(self, x, t):
        """Gradients of the loss by backpropagation (오차역전파법).

        Runs a forward pass (loss), then backward from SoftmaxWithLoss (dout = 1) through the layers in reverse
        order. Returns a dict with keys 'W1', 'b1', 'W2', 'b2', 'W3', 'b3' and arrays of the shapes of ``params``
        (W1/b1 from Conv1.dW/db, W2/b2 from Affine1, W3/b3 from Affine2).
        """
        ### BEGIN SOLUTION
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        return {
            'W1': self.layers['Conv1'].dW, 'b1': self.layers['Conv1'].db,
            'W2': self.layers['Affine1'].dW, 'b2': self.layers['Affine1'].db,
            'W3': self.layers['Affine2'].dW, 'b3': self.layers['Affine2'].db,
        }
        ### END SOLUTION
