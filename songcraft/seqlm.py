"""The one sequence model every engine uses: a conditioned LSTM language model.

Tokens are embedded, a condition (style, or style and section) is embedded and joined to
every step, stacked LSTMs read the sequence and a dense layer scores the next token.
Training builds it in Keras; generation runs the same equations in NumPy from the saved
weights (`NumpyLM`), one batched step at a time with the state carried explicitly, so the
app never pays for a `model.predict` call per token (tests check both agree to 1e-5).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class SeqLMConfig:
    vocab_size: int  # number of tokens, padding (id 0) included
    n_conditions: int = 1  # distinct condition ids (styles); 1 means unconditioned
    embed_dim: int = 64  # token embedding width
    cond_dim: int = 16  # condition embedding width, joined to every step
    units: int = 256  # LSTM width
    layers: int = 2  # stacked LSTM layers
    dropout: float = 0.2  # dropout after the embedding and each LSTM layer, training only

    def __post_init__(self) -> None:
        if self.vocab_size < 2:
            raise ValueError(f"vocab_size must be at least 2, got {self.vocab_size}")
        if self.n_conditions < 1:
            raise ValueError(f"n_conditions must be at least 1, got {self.n_conditions}")
        for name in ("embed_dim", "cond_dim", "units", "layers"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SeqLMConfig:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def build_model(config: SeqLMConfig):
    """The Keras model: inputs (tokens [B, T], condition [B]) -> next-token logits [B, T, V]."""
    import keras
    from keras import layers

    tokens = keras.Input(shape=(None,), dtype="int32", name="tokens")
    condition = keras.Input(shape=(), dtype="int32", name="condition")
    x = layers.Embedding(config.vocab_size, config.embed_dim, name="embed")(tokens)
    c = layers.Embedding(config.n_conditions, config.cond_dim, name="cond_embed")(condition)
    c = layers.Lambda(_repeat_over_time, name="cond_repeat")([c, x])
    x = layers.Concatenate(name="join")([x, c])
    # Every layer is named: Keras' automatic names come from process-wide counters, which
    # a model built in a background thread (the app's Train page) must not depend on.
    x = layers.Dropout(config.dropout, name="drop_in")(x)
    for i in range(config.layers):
        x = layers.LSTM(config.units, return_sequences=True, name=f"lstm_{i}")(x)
        x = layers.Dropout(config.dropout, name=f"drop_{i}")(x)
    logits = layers.Dense(config.vocab_size, name="logits")(x)
    return keras.Model([tokens, condition], logits, name="seqlm")


def _repeat_over_time(inputs):
    from keras import ops

    c, x = inputs
    steps = ops.shape(x)[1]
    return ops.repeat(ops.expand_dims(c, 1), steps, axis=1)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def _cell(z: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LSTM update from the gate pre-activations z = [i, f, g, o] (Keras order)."""
    u = c.shape[1]
    gates = _sigmoid(z)  # i, f and o are read from here; g takes tanh below
    c = gates[:, u : 2 * u] * c + gates[:, :u] * np.tanh(z[:, 2 * u : 3 * u])
    return gates[:, 3 * u :] * np.tanh(c), c


class NumpyLM:
    """Batched inference from saved weights, in NumPy: one step, or a whole prefix.

    The weights list is Keras `get_weights()` order: token embedding, condition embedding,
    then (kernel, recurrent kernel, bias) per LSTM layer, then dense kernel and bias.
    """

    def __init__(self, config: SeqLMConfig, weights: list[np.ndarray]):
        self.config = config
        expected = 2 + 3 * config.layers + 2
        if len(weights) != expected:
            raise ValueError(f"expected {expected} weight arrays, got {len(weights)}")
        w = [np.asarray(a, dtype=np.float32) for a in weights]
        self.embed, self.cond_embed = w[0], w[1]
        # Products are taken as W^T @ h^T: OpenBLAS multiplies a big matrix by a few columns
        # about 1.4x faster than a few rows by a big matrix (a step is bound by reading the
        # weights), with the same sums in the same order, so results are unchanged.
        self.lstm = [
            (_transposed(w[2 + 3 * i]), _transposed(w[3 + 3 * i]), w[4 + 3 * i])
            for i in range(config.layers)
        ]
        self.dense_w, self.dense_b = w[-2], w[-1]
        if self.embed.shape != (config.vocab_size, config.embed_dim):
            raise ValueError(f"embedding shape {self.embed.shape} does not match the config")
        # The first layer's input projection of every token and every condition, computed
        # once: a step looks two rows up instead of joining embeddings and multiplying.
        kernel, bias = w[2], w[4]
        self.token_in = self.embed @ kernel[: config.embed_dim]
        self.cond_in = self.cond_embed @ kernel[config.embed_dim :] + bias

    def initial_state(self, batch: int) -> list[tuple[np.ndarray, np.ndarray]]:
        zeros = np.zeros((batch, self.config.units), dtype=np.float32)
        return [(zeros, zeros) for _ in self.lstm]

    def step(self, tokens: np.ndarray, condition: np.ndarray, state):
        """One step for a batch: returns (log-probabilities [B, V], new state)."""
        x = None
        new_state = []
        for layer, ((kernel_t, recurrent_t, bias), (h, c)) in enumerate(
            zip(self.lstm, state, strict=True)
        ):
            if layer == 0:
                z = self.token_in[tokens] + self.cond_in[condition]
            else:
                z = (kernel_t @ x.T).T + bias
            x, c = _cell(z + (recurrent_t @ h.T).T, c)
            new_state.append((x, c))
        return log_softmax(x @ self.dense_w + self.dense_b), new_state

    def feed(self, sequences: np.ndarray, condition: np.ndarray, state=None):
        """Run whole prefixes [B, T] through the model; returns the last step's output.

        Each layer's input projection covers all T steps in one product, and only the last
        step is scored, so a long prefix costs little more than its recurrent products.
        """
        state = state or self.initial_state(sequences.shape[0])
        inputs = self.token_in[sequences] + self.cond_in[condition][:, None, :]
        new_state, outputs = [], inputs
        for layer, ((kernel_t, recurrent_t, bias), (h, c)) in enumerate(
            zip(self.lstm, state, strict=True)
        ):
            if layer:
                inputs = outputs @ kernel_t.T + bias
            steps = []
            for t in range(sequences.shape[1]):
                h, c = _cell(inputs[:, t] + (recurrent_t @ h.T).T, c)
                steps.append(h)
            outputs = np.stack(steps, axis=1)
            new_state.append((h, c))
        return log_softmax(outputs[:, -1] @ self.dense_w + self.dense_b), new_state


def _transposed(matrix: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(matrix.T)


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def select_state(state, index: np.ndarray):
    """Reorder or repeat the batch rows of a state (beam search, candidate fan-out)."""
    return [(h[index], c[index]) for h, c in state]


def weight_shapes(config: SeqLMConfig) -> list[tuple[int, ...]]:
    """The shapes of the weights in Keras `get_weights()` order (the order NumpyLM reads)."""
    shapes = [(config.vocab_size, config.embed_dim), (config.n_conditions, config.cond_dim)]
    width = config.embed_dim + config.cond_dim
    for _ in range(config.layers):
        shapes += [(width, 4 * config.units), (config.units, 4 * config.units), (4 * config.units,)]
        width = config.units
    return shapes + [(config.units, config.vocab_size), (config.vocab_size,)]


def random_weights(config: SeqLMConfig, seed: int = 0, scale: float = 0.3) -> list[np.ndarray]:
    """Untrained weights: decoders and their constraints can be tested with no training.

    Matrices are scaled by their fan-in so the LSTM neither saturates nor goes flat.
    """
    rng = np.random.default_rng(seed)
    weights = []
    for shape in weight_shapes(config):
        fan_in = np.sqrt(shape[0]) if len(shape) == 2 and shape[0] > 1 else 1.0
        weights.append((scale * rng.standard_normal(shape) / fan_in).astype(np.float32))
    return weights
