"""Textbook style ("Deep Learning from Scratch", ch. 5, TwoLayerNet): params dict, OrderedDict of layers,
lastLayer (the book's name), predict by looping over the layers, gradient by backward through the reversed layer list.
With rng=None the weights come from numpy's global generator (np.random.randn), as in the book.
"""
from collections import OrderedDict

import numpy as np

from layers import Affine, Relu, SoftmaxWithLoss


class TwoLayerNet:

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, rng=None):
        randn = np.random.randn if rng is None else (lambda *shape: rng.standard_normal(shape))
        # weights
        self.params = {}
        self.params['W1'] = weight_init_std * randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

        # layers
        self.layers = OrderedDict()
        self.layers['Affine1'] = Affine(self.params['W1'], self.params['b1'])
        self.layers['Relu1'] = Relu()
        self.layers['Affine2'] = Affine(self.params['W2'], self.params['b2'])

        self.lastLayer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        return self.lastLayer.forward(y, t)

    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        accuracy = np.sum(y == t) / float(x.shape[0])
        return accuracy

    def gradient(self, x, t):
        # forward
        self.loss(x, t)

        # backward
        dout = 1
        dout = self.lastLayer.backward(dout)

        layers = list(self.layers.values())
        layers.reverse()
        for layer in layers:
            dout = layer.backward(dout)

        grads = {}
        grads['W1'] = self.layers['Affine1'].dW
        grads['b1'] = self.layers['Affine1'].db
        grads['W2'] = self.layers['Affine2'].dW
        grads['b2'] = self.layers['Affine2'].db
        return grads
