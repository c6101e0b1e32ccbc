"""a05 SimpleConvNet, LOOPS style: the layers are kept in a plain dict (insertion-ordered) and walked with explicit
index loops over its names; the weights are drawn with rng.normal; accuracy counts hits sample by sample, batch by
batch; the pooling layer is given its stride as a pair (DESIGN §3 allows an int or a pair).

Structure and keys as DESIGN §3: Conv1–Relu1–Pool1 (2×2 max, stride 2)–Affine1–Relu2–Affine2–SoftmaxWithLoss,
params W1 b1 W2 b2 W3 b3 shared with the layers.
"""
import numpy as np

from conv import Convolution, Pooling, conv_output_size
from layers import Affine, Relu, SoftmaxWithLoss

DEFAULT_CONV_PARAM = {'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1}


class SimpleConvNet:
    def __init__(self, input_dim=(1, 28, 28), conv_param=None, hidden_size=100, output_size=10,
                 weight_init_std=0.01, rng=None):
        conv_param = {**DEFAULT_CONV_PARAM, **(conv_param or {})}
        rng = np.random.default_rng() if rng is None else rng
        fn, f = conv_param['filter_num'], conv_param['filter_size']
        pad, stride = conv_param['pad'], conv_param['stride']
        c, h, w = input_dim
        conv_h = conv_output_size(h, f, stride, pad)
        conv_w = conv_output_size(w, f, stride, pad)
        pool_h = conv_output_size(conv_h, 2, 2)      # raises ValueError for odd sizes
        pool_w = conv_output_size(conv_w, 2, 2)

        shapes = [('W1', (fn, c, f, f)), ('b1', (fn,)),
                  ('W2', (fn * pool_h * pool_w, hidden_size)), ('b2', (hidden_size,)),
                  ('W3', (hidden_size, output_size)), ('b3', (output_size,))]
        self.params = {}
        for key, shape in shapes:
            if key[0] == 'W':
                self.params[key] = rng.normal(0.0, weight_init_std, size=shape)
            else:
                self.params[key] = np.zeros(shape)

        self.layers = {'Conv1': Convolution(self.params['W1'], self.params['b1'], stride, pad),
                       'Relu1': Relu(),
                       'Pool1': Pooling(2, 2, stride=(2, 2)),
                       'Affine1': Affine(self.params['W2'], self.params['b2']),
                       'Relu2': Relu(),
                       'Affine2': Affine(self.params['W3'], self.params['b3'])}
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        names = list(self.layers)
        for k in range(len(names)):
            x = self.layers[names[k]].forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t, batch_size=100):
        t = np.asarray(t)
        hits = 0
        n = x.shape[0]
        start = 0
        while start < n:
            scores = self.predict(x[start:start + batch_size])
            for k in range(scores.shape[0]):
                label = t[start + k] if t.ndim == 1 else np.argmax(t[start + k])
                if np.argmax(scores[k]) == label:
                    hits += 1
            start += batch_size
        return hits / n

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        names = list(self.layers)
        for k in range(len(names) - 1, -1, -1):
            dout = self.layers[names[k]].backward(dout)
        grads = {}
        for i, name in ((1, 'Conv1'), (2, 'Affine1'), (3, 'Affine2')):
            grads['W' + str(i)] = self.layers[name].dW
            grads['b' + str(i)] = self.layers[name].db
        return grads
