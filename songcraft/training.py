"""Training loop shared by every sequence model (lyrics, chords, melody).

tf.data windows over token sequences, masked cross-entropy, early stopping on validation
loss, a checkpoint every epoch with resume after interruption (Keras BackupAndRestore),
progress reported to a callback (a terminal bar or the app's progress bar) and a
tf.distribute strategy chosen by name, so one CPU and many workers run the same code.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from songcraft.errors import SongcraftError
from songcraft.seqlm import SeqLMConfig, build_model

STRATEGIES = ("default", "mirrored", "multiworker")


@dataclass(frozen=True)
class TrainSettings:
    seq_len: int = 128  # tokens per training window
    batch_size: int = 64  # windows per step (global, across replicas)
    epochs: int = 30  # upper bound; early stopping usually ends sooner
    patience: int = 3  # epochs without a better validation loss before stopping
    learning_rate: float = 3e-3  # Adam
    clipnorm: float = 1.0  # gradient clipping keeps LSTM training stable
    seed: int = 0  # shuffling and initialisation
    strategy: str = "default"  # default | mirrored | multiworker
    max_steps_per_epoch: int | None = None  # cap for quick runs and tests

    def __post_init__(self) -> None:
        if self.strategy not in STRATEGIES:
            raise SongcraftError(
                f"Unknown strategy '{self.strategy}': use one of {', '.join(STRATEGIES)}."
            )
        if self.seq_len < 2 or self.batch_size < 1 or self.epochs < 1:
            raise SongcraftError("seq_len must be at least 2, batch_size and epochs at least 1.")


Example = tuple[np.ndarray, int]  # (token ids of one song or progression, condition id)
Progress = Callable[[dict], None]  # called with {"epoch", "epochs", "step", "steps", ...}


def make_windows(examples: list[Example], seq_len: int) -> tuple[np.ndarray, ...]:
    """Cut each sequence into windows of seq_len inputs and seq_len targets, padded with 0."""
    xs, cs, ys = [], [], []
    for ids, cond in examples:
        ids = np.asarray(ids, dtype=np.int32)
        for start in range(0, max(len(ids) - 1, 1), seq_len):
            chunk = ids[start : start + seq_len + 1]
            if len(chunk) < 2:
                continue
            x = np.zeros(seq_len, np.int32)
            y = np.zeros(seq_len, np.int32)
            x[: len(chunk) - 1] = chunk[:-1]
            y[: len(chunk) - 1] = chunk[1:]
            xs.append(x)
            ys.append(y)
            cs.append(cond)
    if not xs:
        raise SongcraftError(
            "There is nothing to train on: every sequence is shorter than two tokens."
        )
    return np.stack(xs), np.asarray(cs, np.int32), np.stack(ys)


def get_strategy(name: str):
    import tensorflow as tf

    if name == "mirrored":
        cpus = [d.name for d in tf.config.list_logical_devices("CPU")]
        gpus = [d.name for d in tf.config.list_logical_devices("GPU")]
        return tf.distribute.MirroredStrategy(gpus or cpus)
    if name == "multiworker":
        return tf.distribute.MultiWorkerMirroredStrategy()
    return tf.distribute.get_strategy()


def _dataset(windows, batch_size: int, seed: int, shuffle: bool):
    import tensorflow as tf

    x, c, y = windows
    weights = (y != 0).astype(np.float32)
    ds = tf.data.Dataset.from_tensor_slices(((x, c), y, weights))
    if shuffle:
        # Repeat before batching: every training batch is full, which mirrored replicas need.
        ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=True).repeat()
        return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)


class _ProgressCallback:
    """Adapts Keras callback events to a plain `progress(dict)` function."""

    @staticmethod
    def make(progress: Progress | None, epochs: int, steps: int, should_stop):
        import keras

        class Reporter(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                self.epoch = epoch

            def on_train_batch_end(self, batch, logs=None):
                if progress:
                    progress(
                        {
                            "epoch": self.epoch + 1,
                            "epochs": epochs,
                            "step": batch + 1,
                            "steps": steps,
                            "loss": float((logs or {}).get("loss", math.nan)),
                        }
                    )
                if should_stop and should_stop():
                    self.model.stop_training = True

            def on_epoch_end(self, epoch, logs=None):
                logs = logs or {}
                if progress:
                    progress(
                        {
                            "epoch": epoch + 1,
                            "epochs": epochs,
                            "step": steps,
                            "steps": steps,
                            "loss": float(logs.get("loss", math.nan)),
                            "val_loss": float(logs.get("val_loss", math.nan)),
                            "epoch_end": True,
                        }
                    )

        return Reporter()


def train_lm(
    config: SeqLMConfig,
    train: list[Example],
    val: list[Example],
    settings: TrainSettings,
    work_dir: str | Path,
    init_weights: list[np.ndarray] | None = None,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[list[np.ndarray], dict]:
    """Train a SeqLM and return (best weights, history).

    `work_dir` keeps the checkpoint used to resume an interrupted run; it is cleared
    when training ends normally. `init_weights` fine-tunes from an existing model.
    """
    import keras

    keras.utils.set_random_seed(settings.seed)
    train_w = make_windows(train, settings.seq_len)
    val_w = make_windows(val, settings.seq_len) if val else None
    steps = math.ceil(len(train_w[0]) / settings.batch_size)
    if settings.max_steps_per_epoch:
        steps = min(steps, settings.max_steps_per_epoch)
    strategy = get_strategy(settings.strategy)
    with strategy.scope():
        model = build_model(config)
        if init_weights is not None:
            model.set_weights(init_weights)
        model.compile(
            optimizer=keras.optimizers.Adam(settings.learning_rate, clipnorm=settings.clipnorm),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            weighted_metrics=[],
        )
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    monitor = "val_loss" if val_w is not None else "loss"
    callbacks = [
        keras.callbacks.BackupAndRestore(str(work_dir / "backup")),
        keras.callbacks.EarlyStopping(
            monitor=monitor, patience=settings.patience, restore_best_weights=True
        ),
        _ProgressCallback.make(progress, settings.epochs, steps, should_stop),
    ]
    fit = model.fit(
        _dataset(train_w, settings.batch_size, settings.seed, shuffle=True),
        validation_data=_dataset(val_w, settings.batch_size, 0, False) if val_w else None,
        epochs=settings.epochs,
        steps_per_epoch=steps,
        callbacks=callbacks,
        verbose=0,
    )
    history = {k: [float(v) for v in vals] for k, vals in fit.history.items()}
    shutil.rmtree(work_dir, ignore_errors=True)  # finished: nothing left to resume
    return model.get_weights(), history
