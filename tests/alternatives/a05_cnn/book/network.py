"""a05 SimpleConvNet, BOOK style ("Deep Learning from Scratch" §7.5): conv_param read key by key, the book's size
arithmetic for conv_output_size and pool_output_size, an OrderedDict of layers, loss/accuracy/gradient as in the
book — except that accuracy also counts the last, smaller batch (the kit's rule; the book drops it).
"""
from collections import OrderedDict

import numpy as np

from conv import Convolution, Pooling, conv_output_size
from layers import Affine, Relu, SoftmaxWithLoss

DEFAULT_CONV_PARAM = {'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1}


class SimpleConvNet:
    def __init__(self, input_dim=(1, 28, 28), conv_param=None, hidden_size=100, output_size=10,
                 weight_init_std=0.01, rng=None):
        conv_param = {**DEFAULT_CONV_PARAM, **(conv_param or {})}
        rng = np.random.default_rng() if rng is None else rng
        filter_num = conv_param['filter_num']
        filter_size = conv_param['filter_size']
        filter_pad = conv_param['pad']
        filter_stride = conv_param['stride']
        input_size = input_dim[1]
        conv_out_h = conv_output_size(input_size, filter_size, filter_stride, filter_pad)
        conv_out_w = conv_output_size(input_dim[2], filter_size, filter_stride, filter_pad)
        if conv_out_h % 2 or conv_out_w % 2:
            raise ValueError(f"the convolution output {conv_out_h}x{conv_out_w} cannot be halved by the 2x2 pooling")
        pool_output_size = int(filter_num * (conv_out_h / 2) * (conv_out_w / 2))

        # initialize the weights
        self.params = {}
        self.params['W1'] = weight_init_std * rng.standard_normal((filter_num, input_dim[0], filter_size, filter_size))
        self.params['b1'] = np.zeros(filter_num)
        self.params['W2'] = weight_init_std * rng.standard_normal((pool_output_size, hidden_size))
        self.params['b2'] = np.zeros(hidden_size)
        self.params['W3'] = weight_init_std * rng.standard_normal((hidden_size, output_size))
        self.params['b3'] = np.zeros(output_size)

        # build the layers
        self.layers = OrderedDict()
        self.layers['Conv1'] = Convolution(self.params['W1'], self.params['b1'],
                                           conv_param['stride'], conv_param['pad'])
        self.layers['Relu1'] = Relu()
        self.layers['Pool1'] = Pooling(pool_h=2, pool_w=2, stride=2)
        self.layers['Affine1'] = Affine(self.params['W2'], self.params['b2'])
        self.layers['Relu2'] = Relu()
        self.layers['Affine2'] = Affine(self.params['W3'], self.params['b3'])

        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        return self.last_layer.forward(y, t)

    def accuracy(self, x, t, batch_size=100):
        if t.ndim != 1:
            t = np.argmax(t, axis=1)

        acc = 0.0
        batches = -(-x.shape[0] // batch_size)          # ceiling: the last, smaller batch counts too
        for i in range(batches):
            tx = x[i * batch_size:(i + 1) * batch_size]
            tt = t[i * batch_size:(i + 1) * batch_size]
            y = self.predict(tx)
            y = np.argmax(y, axis=1)
            acc += np.sum(y == tt)

        return acc / x.shape[0]

    def gradient(self, x, t):
        # forward
        self.loss(x, t)

        # backward
        dout = 1
        dout = self.last_layer.backward(dout)

        layers = list(self.layers.values())
        layers.reverse()
        for layer in layers:
            dout = layer.backward(dout)

        grads = {}
        grads['W1'], grads['b1'] = self.layers['Conv1'].dW, self.layers['Conv1'].db
        grads['W2'], grads['b2'] = self.layers['Affine1'].dW, self.layers['Affine1'].db
        grads['W3'], grads['b3'] = self.layers['Affine2'].dW, self.layers['Affine2'].db

        return grads
