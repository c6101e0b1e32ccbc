"""A multi-layer network with batch norm, dropout and weight decay (배치 정규화·드롭아웃·가중치 감소를 갖춘 다층 신경망).

This module holds ``MultiLayerNetExtend``, the fully connected network of "Deep Learning from Scratch" ch. 6
(밑바닥부터 시작하는 딥러닝 6장) that puts together the techniques of this course:

- weight initialization by a chosen std (가중치의 초기값: He √(2/n), the book's "Xavier" √(1/n), or a number),
- batch normalization (배치 정규화) after every hidden Affine layer,
- dropout (드롭아웃) after every hidden activation,
- weight decay (가중치 감소, L2 규제) ½λΣW² added to the loss and λW to every weight gradient.

Structure (the book's, kept exactly), for ``hidden_size_list = [h1, ..., hn]``:

    [Affine → BatchNorm → activation → Dropout] × n  →  Affine → SoftmaxWithLoss

BatchNorm is present only with ``use_batchnorm=True``, Dropout only with ``use_dropout=True``.
Parameter keys: ``W1 … W(n+1)``, ``b1 … b(n+1)``, and with batch norm ``gamma1 … gamma(n)``, ``beta1 … beta(n)``.

Sources: document 000 "2. 가중치의 초기값", "3. 배치 정규화", "4. 바른 학습을 위해" (weight decay, dropout);
document 004 "Batch Normalization", "Avoid Overfitting" and its MNIST DNN example; document 001 part 4 and 5.

It imports the layers of ``layers.py`` in this folder (``from layers import ...``).

요약: [Affine–BN–활성화–Dropout]×n 다음 Affine–SoftmaxWithLoss 로 이루어진 신경망 (가중치 감소 포함).
"""

from collections import OrderedDict

import numpy as np

from layers import Affine, BatchNormalization, Dropout, Relu, Sigmoid, SoftmaxWithLoss


class MultiLayerNetExtend:
    """Fully connected network with optional batch norm, dropout and weight decay (확장판 다층 신경망).

    Layers, built once in ``__init__`` and kept in ``self.layers`` (an OrderedDict, in forward order), for
    n = len(hidden_size_list) hidden layers, i = 1 … n:

        'Affine{i}' → 'BatchNorm{i}' (if use_batchnorm) → 'Activation_function{i}' → 'Dropout{i}' (if use_dropout)

    then 'Affine{n+1}', and ``self.last_layer`` = SoftmaxWithLoss.

    Parameters, in the dict ``self.params`` (the layers hold the SAME arrays, not copies, so an optimizer that
    updates ``params`` in place changes the network):

    - ``W{i}``: shape (size_{i−1}, size_i), drawn as std · N(0, 1) with ``rng``, where
      sizes = [input_size, *hidden_size_list, output_size] and the std is chosen by ``weight_init_std``:
        'relu' or 'he'        → √(2 / size_{i−1})     (He, for ReLU)
        'sigmoid' or 'xavier' → √(1 / size_{i−1})     (the book's / documents 000, 004's "Xavier" = LeCun normal)
        a number              → that std for every layer
      (The string is matched case-insensitively; anything else raises ValueError.)
    - ``b{i}``: zeros of shape (size_i,).
    - with batch norm, for the hidden layers only: ``gamma{i}`` ones and ``beta{i}`` zeros of shape (size_i,).

    Parameters
    ----------
    input_size : int
        Features per sample (784 for MNIST).
    hidden_size_list : list of int
        Sizes of the hidden layers, e.g. [100, 100, 100].
    output_size : int
        Number of classes.
    activation : {'relu', 'sigmoid'}
        Hidden activation (ValueError otherwise).
    weight_init_std : str or float
        See above, default 'relu'.
    weight_decay_lambda : float
        λ of the weight decay, default 0 (off). Applies to every W (not to b, γ, β).
    use_dropout : bool
        Insert Dropout layers (inverted dropout, ``dropout_ratio`` = probability of dropping).
    dropout_ratio : float
        Default 0.5.
    use_batchnorm : bool
        Insert BatchNormalization layers (default momentum 0.9, eps 1e-5, running stats 0 and 1).
    rng : numpy.random.Generator or None
        Used to draw the weights and given to every Dropout layer; ``None`` → ``np.random.default_rng()``.

    요약: 책 6장의 MultiLayerNetExtend — 초기값 선택, 배치 정규화, 드롭아웃, 가중치 감소를 모두 지원하는 신경망.
    """

    def __init__(self, input_size, hidden_size_list, output_size, activation='relu', weight_init_std='relu',
                 weight_decay_lambda=0, use_dropout=False, dropout_ratio=0.5, use_batchnorm=False, rng=None):
        """Store the arguments, then draw the parameters and build the layers.

        Builds ``self.params`` (dict, keys as in the class docstring), ``self.layers`` (OrderedDict of the layers
        in forward order, named 'Affine1', 'BatchNorm1', 'Activation_function1', 'Dropout1', …, 'Affine{n+1}')
        and ``self.last_layer`` (SoftmaxWithLoss). The layers must share the arrays of ``self.params``.

        Raises
        ------
        ValueError
            For an unknown ``activation`` or ``weight_init_std`` string.

        요약: 가중치 표준편차를 고르고 매개변수를 만든 뒤 계층들을 순서대로 쌓는다.
        """
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
        self.params = {}
        self.layers = OrderedDict()
        self.last_layer = None
        ### BEGIN SOLUTION
        activation_layers = {'relu': Relu, 'sigmoid': Sigmoid}
        if activation not in activation_layers:
            raise ValueError(f"activation must be 'relu' or 'sigmoid', got {activation!r}")

        sizes = [input_size] + self.hidden_size_list + [output_size]

        # parameters: W, b for every Affine layer, gamma, beta for every hidden BatchNorm layer
        for i in range(1, len(sizes)):
            n_in, n_out = sizes[i - 1], sizes[i]
            if isinstance(weight_init_std, str):
                name = weight_init_std.lower()
                if name in ('relu', 'he'):
                    std = np.sqrt(2.0 / n_in)
                elif name in ('sigmoid', 'xavier'):
                    std = np.sqrt(1.0 / n_in)
                else:
                    raise ValueError("weight_init_std must be 'relu', 'he', 'sigmoid', 'xavier' or a number, "
                                     f"got {weight_init_std!r}")
            else:
                std = float(weight_init_std)
            self.params[f'W{i}'] = std * self.rng.standard_normal((n_in, n_out))
            self.params[f'b{i}'] = np.zeros(n_out)
        if use_batchnorm:
            for i in range(1, self.hidden_layer_num + 1):
                self.params[f'gamma{i}'] = np.ones(sizes[i])
                self.params[f'beta{i}'] = np.zeros(sizes[i])

        # layers, sharing the parameter arrays
        for i in range(1, self.hidden_layer_num + 1):
            self.layers[f'Affine{i}'] = Affine(self.params[f'W{i}'], self.params[f'b{i}'])
            if use_batchnorm:
                self.layers[f'BatchNorm{i}'] = BatchNormalization(self.params[f'gamma{i}'],
                                                                  self.params[f'beta{i}'])
            self.layers[f'Activation_function{i}'] = activation_layers[activation]()
            if use_dropout:
                self.layers[f'Dropout{i}'] = Dropout(dropout_ratio, rng=self.rng)
        last = self.hidden_layer_num + 1
        self.layers[f'Affine{last}'] = Affine(self.params[f'W{last}'], self.params[f'b{last}'])
        self.last_layer = SoftmaxWithLoss()
        ### END SOLUTION

    def predict(self, x, train_flg=False):
        """Forward pass through all layers except the loss: the logits (scores before softmax).

        ``train_flg`` is passed to the BatchNorm and Dropout layers (batch statistics and dropout masks in
        training, running statistics and identity in test); the other layers take only x.

        Parameters
        ----------
        x : numpy.ndarray, shape (N, input_size)
        train_flg : bool
            Default False (test mode).

        Returns
        -------
        numpy.ndarray, shape (N, output_size)
            Logits.

        요약: 마지막 손실 계층을 뺀 순전파 (BN·Dropout 에는 train_flg 를 넘긴다).
        """
        ### BEGIN SOLUTION
        for name, layer in self.layers.items():
            if name.startswith('BatchNorm') or name.startswith('Dropout'):
                x = layer.forward(x, train_flg)
            else:
                x = layer.forward(x)
        return x
        ### END SOLUTION

    def loss(self, x, t, train_flg=False):
        """Loss = cross-entropy of softmax(predict(x)) + weight decay.

            L = mean_n(−log softmax(y_n)[t_n]) + ½ · λ · Σ_{i=1}^{n+1} Σ W_i²

        Parameters
        ----------
        x : numpy.ndarray, shape (N, input_size)
        t : numpy.ndarray
            Labels (N,) or one-hot (N, output_size).
        train_flg : bool
            Passed to ``predict``; default False.

        Returns
        -------
        float
            The loss (the penalty is included whenever λ > 0, in both modes).

        요약: 소프트맥스 교차 엔트로피 + ½λΣW² (모든 W).
        """
        ### BEGIN SOLUTION
        y = self.predict(x, train_flg)
        weight_decay = 0.0
        for i in range(1, self.hidden_layer_num + 2):
            weight_decay += 0.5 * self.weight_decay_lambda * float(np.sum(np.square(self.params[f'W{i}'])))
        return float(self.last_layer.forward(y, t) + weight_decay)
        ### END SOLUTION

    def accuracy(self, x, t):
        """Fraction of samples whose largest logit is the true class, in test mode (``predict(x, False)``).

        Parameters
        ----------
        x : numpy.ndarray, shape (N, input_size)
        t : numpy.ndarray
            Labels (N,) or one-hot (N, output_size).

        Returns
        -------
        float
            Accuracy in [0, 1].

        요약: 추론 모드로 예측한 argmax 가 정답과 같은 비율.
        """
        ### BEGIN SOLUTION
        y = np.argmax(self.predict(x, train_flg=False), axis=1)
        t = np.asarray(t)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return float(np.mean(y == t))
        ### END SOLUTION

    def gradient(self, x, t):
        """Gradients of ``loss(x, t, train_flg=True)`` by backpropagation (오차역전파법).

        Runs the forward pass in training mode (batch statistics, fresh dropout masks), then ``backward`` through
        ``last_layer`` (dout = 1) and the layers in reverse order, and collects:

            grads['W{i}']     = dW of Affine{i} + λ · W{i}         (weight decay gradient)
            grads['b{i}']     = db of Affine{i}
            grads['gamma{i}'] = dgamma of BatchNorm{i},   grads['beta{i}'] = dbeta of BatchNorm{i}   (with BN)

        Parameters
        ----------
        x : numpy.ndarray, shape (N, input_size)
        t : numpy.ndarray
            Labels (N,) or one-hot (N, output_size).

        Returns
        -------
        dict[str, numpy.ndarray]
            Same keys and shapes as ``self.params``.

        요약: 학습 모드로 순전파한 뒤 역전파하여 params 와 같은 키의 기울기 딕셔너리를 돌려준다.
        """
        ### BEGIN SOLUTION
        self.loss(x, t, train_flg=True)

        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)

        lam = self.weight_decay_lambda
        grads = {}
        for i in range(1, self.hidden_layer_num + 2):
            affine = self.layers[f'Affine{i}']
            grads[f'W{i}'] = affine.dW + lam * self.params[f'W{i}']
            grads[f'b{i}'] = affine.db
            if self.use_batchnorm and i <= self.hidden_layer_num:
                bn = self.layers[f'BatchNorm{i}']
                grads[f'gamma{i}'] = bn.dgamma
                grads[f'beta{i}'] = bn.dbeta
        return {key: grads[key] for key in self.params}
        ### END SOLUTION
