"""autograder.figures: ``python -m autograder figures OUTDIR`` draws every notebook figure with the reference
solutions, and the figures are computed from the module objects they are given (the students' own code)."""
import subprocess
import sys
import types

import numpy as np
import pytest
from matplotlib.figure import Figure

from autograder import figures
from autograder.reference import reference_modules

from .conftest import ROOT

EXPECTED = [
    "a01_perceptron_logic_gates", "a02_backprop_activations", "a02_backprop_worked_example", "a02_backprop_spiral",
    "a02_backprop_digits_training", "a03_optimization_optimizer_paths", "a03_optimization_histograms_sigmoid",
    "a03_optimization_histograms_tanh", "a03_optimization_histograms_relu", "a03_optimization_lr_schedules",
    "a03_optimization_optimizer_loss", "a04_regularization_batchnorm", "a04_regularization_overfitting",
    "a04_regularization_early_stopping", "a05_cnn_filters", "a05_cnn_feature_maps", "a05_cnn_augmentation",
    "a05_cnn_test_accuracy",
]


def test_figures_command_writes_every_png(tmp_path):
    out = tmp_path / "figs"
    proc = subprocess.run([sys.executable, "-m", "autograder", "figures", str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"{len(EXPECTED)} figures written" in proc.stdout
    assert sorted(p.stem for p in out.iterdir()) == sorted(EXPECTED)
    for p in out.iterdir():
        head = p.read_bytes()[:8]
        assert head == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 5000, p.name
    assert "Warning" not in proc.stderr, proc.stderr[-3000:]


def test_worked_example_numbers_come_from_the_given_layers():
    layers = reference_modules("a02_backprop").layers
    nums = figures.worked_example_numbers(layers)
    # ../shared/seeds/README.md, recomputed to 8 decimals
    for key, value in {"h1": 0.51998934, "o2": 0.66384491, "E_total": 0.02397190, "dW5": 0.02592286,
                       "dW1": 0.00080888, "W1+": 0.29959556, "W8+": 0.59624247, "E_total_after": 0.02323634}.items():
        assert abs(nums[key] - value) < 5e-9, key

    class HalfSigmoid(layers.Sigmoid):  # a student's wrong derivative changes the numbers the figure shows
        def backward(self, dout):
            return 0.5 * super().backward(dout)

    wrong = types.SimpleNamespace(Affine=layers.Affine, SumSquaredLoss=layers.SumSquaredLoss, Sigmoid=HalfSigmoid)
    bad = figures.worked_example_numbers(wrong)
    assert bad["E_total"] == pytest.approx(nums["E_total"]) and abs(bad["dW5"] - nums["dW5"]) > 1e-3
    assert isinstance(figures.worked_example(layers), Figure)


def test_optimizer_paths_use_the_given_optimizers():
    calls = []

    class Recorder:
        def __init__(self, lr):
            self.lr = lr

        def update(self, params, grads):
            calls.append(self.lr)
            for k in params:
                params[k] -= self.lr * grads[k]

    fake = types.SimpleNamespace(**{name: Recorder for name, _ in figures.PATH_OPTIMIZERS})
    fig = figures.optimizer_paths(fake, steps=5)
    assert isinstance(fig, Figure) and len(calls) == 5 * len(figures.PATH_OPTIMIZERS)
    path = figures.optimizer_path(Recorder(0.95), steps=3)
    assert path.shape == (4, 2) and tuple(path[0]) == (-7.0, 2.0)
    np.testing.assert_allclose(path[1], [-7.0 + 0.95 * 0.7, 2.0 - 0.95 * 4.0])


def test_figures_propagate_a_stub_error():
    stub = types.SimpleNamespace(step_function=lambda x: (_ for _ in ()).throw(NotImplementedError()))
    with pytest.raises(NotImplementedError):
        figures.activation_functions(stub)
