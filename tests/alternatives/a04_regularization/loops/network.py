"""a04 MultiLayerNetExtend, LOOPS style: the layers live in a plain dict (insertion-ordered), the network walks
them with explicit loops, the weights are drawn with rng.normal, and the weight decay is summed element by element
through regularization.l2_penalty.

Structure and keys as DESIGN §3: [Affine–BN–activation–Dropout] × n, then Affine–SoftmaxWithLoss; keys W1.. b1..
gamma1.. beta1..; 'relu'/'he' → √(2/n_in), 'sigmoid'/'xavier' → √(1/n_in), a number → that std.
"""

import numpy as np

from layers import Affine, BatchNormalization, Dropout, Relu, Sigmoid, SoftmaxWithLoss
from regularization import l2_penalty


def _init_std(spec, fan_in):
    if not isinstance(spec, str):
        return float(spec)
    name = spec.lower()
    if name in ('relu', 'he'):
        return np.sqrt(2.0 / fan_in)
    if name in ('sigmoid', 'xavier'):
        return np.sqrt(1.0 / fan_in)
    raise ValueError(f"weight_init_std must be 'relu', 'he', 'sigmoid', 'xavier' or a number, got {spec!r}")


class MultiLayerNetExtend:
    def __init__(self, input_size, hidden_size_list, output_size, activation='relu', weight_init_std='relu',
                 weight_decay_lambda=0, use_dropout=False, dropout_ratio=0.5, use_batchnorm=False, rng=None):
        if activation not in ('relu', 'sigmoid'):
            raise ValueError(f"activation must be 'relu' or 'sigmoid', got {activation!r}")
        self.input_size = input_size
        self.hidden_size_list = list(hidden_size_list)
        self.hidden_layer_num = len(self.hidden_size_list)
        self.output_size = output_size
        self.activation = activation
        self.weight_init_std = weight_init_std
        self.weight_decay_lambda = weight_decay_lambda
        self.use_dropout = use_dropout
        self.dropout_ratio = dropout_ratio
        self.use_batchnorm = use_batchnorm
        self.rng = np.random.default_rng() if rng is None else rng

        sizes = [input_size] + self.hidden_size_list + [output_size]
        self.params = {}
        for i in range(1, len(sizes)):
            std = _init_std(weight_init_std, sizes[i - 1])
            self.params['W' + str(i)] = self.rng.normal(0.0, std, size=(sizes[i - 1], sizes[i]))
            self.params['b' + str(i)] = np.zeros(sizes[i])
        if use_batchnorm:
            for i in range(1, self.hidden_layer_num + 1):
                self.params['gamma' + str(i)] = np.ones(sizes[i])
                self.params['beta' + str(i)] = np.zeros(sizes[i])

        self.layers = {}
        for i in range(1, self.hidden_layer_num + 1):
            self.layers['Affine' + str(i)] = Affine(self.params['W' + str(i)], self.params['b' + str(i)])
            if use_batchnorm:
                self.layers['BatchNorm' + str(i)] = BatchNormalization(self.params['gamma' + str(i)],
                                                                       self.params['beta' + str(i)])
            self.layers['Activation_function' + str(i)] = Relu() if activation == 'relu' else Sigmoid()
            if use_dropout:
                self.layers['Dropout' + str(i)] = Dropout(dropout_ratio, rng=self.rng)
        last = self.hidden_layer_num + 1
        self.layers['Affine' + str(last)] = Affine(self.params['W' + str(last)], self.params['b' + str(last)])
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x, train_flg=False):
        out = x
        for name in self.layers:
            layer = self.layers[name]
            if isinstance(layer, (BatchNormalization, Dropout)):
                out = layer.forward(out, train_flg)
            else:
                out = layer.forward(out)
        return out

    def _weights(self):
        return [self.params['W' + str(i)] for i in range(1, self.hidden_layer_num + 2)]

    def loss(self, x, t, train_flg=False):
        scores = self.predict(x, train_flg)
        return float(self.last_layer.forward(scores, t)) + l2_penalty(self._weights(), self.weight_decay_lambda)

    def accuracy(self, x, t):
        scores = self.predict(x, train_flg=False)
        t = np.asarray(t)
        correct = 0
        for i in range(scores.shape[0]):
            label = t[i] if t.ndim == 1 else np.argmax(t[i])
            if np.argmax(scores[i]) == label:
                correct += 1
        return correct / scores.shape[0]

    def gradient(self, x, t):
        self.loss(x, t, train_flg=True)
        dout = self.last_layer.backward(1)
        names = list(self.layers)
        for k in range(len(names) - 1, -1, -1):
            dout = self.layers[names[k]].backward(dout)

        grads = {}
        for key in self.params:
            kind, index = key.rstrip('0123456789'), key[len(key.rstrip('0123456789')):]
            if kind == 'W':
                grads[key] = self.layers['Affine' + index].dW + self.weight_decay_lambda * self.params[key]
            elif kind == 'b':
                grads[key] = self.layers['Affine' + index].db
            elif kind == 'gamma':
                grads[key] = self.layers['BatchNorm' + index].dgamma
            else:
                grads[key] = self.layers['BatchNorm' + index].dbeta
        return grads
