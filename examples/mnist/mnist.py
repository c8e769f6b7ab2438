"""Train a small convolutional network on MNIST digits, as a SageMaker-style training script.

The script reads its hyperparameters as command-line arguments and its data and
model folders from the ``SM_*`` variables that a SageMaker training job (or a
local job of jupyterlab-experiments) sets. It prints one line per logged batch
and one per epoch, in the shape the notebook's metric definitions capture::

    Train Epoch: 1 [640/4000 (16%)], Train Loss: 1.234567;
    Test Average loss: 0.4321, Test Accuracy: 87.30%;

The data folder must hold ``MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import struct
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

logger = logging.getLogger(__name__)
logger.setLevel(logging.DEBUG)
logger.addHandler(logging.StreamHandler(sys.stdout))

# Mean and standard deviation of MNIST pixels (scaled to 0..1), the values the
# notebook records in its "Preprocessing" trial component.
NORMALIZATION_MEAN = 0.1307
NORMALIZATION_STD = 0.3081


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse hyperparameters and the job's folders (defaults from ``SM_*`` variables)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=64, help="training batch size")
    parser.add_argument("--test-batch-size", type=int, default=1000, help="test batch size")
    parser.add_argument("--epochs", type=int, default=10, help="passes over the training set")
    parser.add_argument("--optimizer", default="sgd", help="'sgd', or anything else for Adam")
    parser.add_argument("--lr", type=float, default=0.01, help="learning rate")
    parser.add_argument("--momentum", type=float, default=0.5, help="SGD momentum")
    parser.add_argument("--dropout", type=float, default=0.5, help="dropout after conv2")
    parser.add_argument("--kernel_size", type=int, default=5, help="convolution kernel size")
    parser.add_argument("--hidden_channels", type=int, default=10, help="channels of conv1")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument(
        "--log-interval", type=int, default=10, help="batches between two training log lines"
    )
    parser.add_argument("--backend", default=None, help="distributed backend (unused: one host)")
    environment = os.environ
    parser.add_argument("--hosts", type=json.loads, default=environment.get("SM_HOSTS", "[]"))
    parser.add_argument("--current-host", default=environment.get("SM_CURRENT_HOST"))
    parser.add_argument("--model-dir", default=environment.get("SM_MODEL_DIR", "model"))
    parser.add_argument("--data-dir", default=environment.get("SM_CHANNEL_TRAINING", "mnist"))
    parser.add_argument("--num-gpus", type=int, default=int(environment.get("SM_NUM_GPUS", "0")))
    return parser.parse_args(argv)


def read_idx(path: Path) -> np.ndarray:
    """Read an IDX file of unsigned bytes (MNIST images or labels)."""
    data = path.read_bytes()
    dimensions = data[3]
    shape = struct.unpack(f">{dimensions}I", data[4 : 4 + 4 * dimensions])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dimensions).reshape(shape)


def load_dataset(data_dir: str, train: bool) -> TensorDataset:
    """Load the training or test digits, normalised, as a (N, 1, 28, 28) tensor dataset."""
    prefix = "train" if train else "t10k"
    raw = Path(data_dir) / "MNIST" / "raw"
    images = read_idx(raw / f"{prefix}-images-idx3-ubyte")
    labels = read_idx(raw / f"{prefix}-labels-idx1-ubyte")
    pixels = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    pixels = (pixels - NORMALIZATION_MEAN) / NORMALIZATION_STD
    return TensorDataset(pixels, torch.from_numpy(labels.astype(np.int64)))


class Net(nn.Module):
    """Two convolutions and two dense layers; ``hidden_channels`` sets the first's width.

    With 28x28 inputs and kernel size 5 the feature map after the second block is
    20x4x4 = 320 values.
    """

    def __init__(self, hidden_channels: int, kernel_size: int = 5, dropout: float = 0.5):
        super().__init__()
        self.conv1 = nn.Conv2d(1, hidden_channels, kernel_size=kernel_size)
        self.conv2 = nn.Conv2d(hidden_channels, 20, kernel_size=kernel_size)
        self.conv2_drop = nn.Dropout2d(p=dropout)
        side = ((28 - kernel_size + 1) // 2 - kernel_size + 1) // 2
        self.fc1 = nn.Linear(20 * side * side, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return log-probabilities of the ten digits."""
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = torch.flatten(x, 1)
        x = F.dropout(F.relu(self.fc1(x)), training=self.training)
        return F.log_softmax(self.fc2(x), dim=1)


def train_epoch(model, loader, optimizer, epoch: int, log_interval: int) -> None:
    """Train one epoch, logging every ``log_interval`` batches and after the last one."""
    model.train()
    total = len(loader.dataset)
    seen = 0
    for batch_index, (data, target) in enumerate(loader, 1):
        optimizer.zero_grad()
        loss = F.nll_loss(model(data), target)
        loss.backward()
        optimizer.step()
        seen += len(data)
        if batch_index % log_interval == 0 or batch_index == len(loader):
            logger.info(
                "Train Epoch: %d [%d/%d (%.0f%%)], Train Loss: %.6f;",
                epoch,
                seen,
                total,
                100.0 * batch_index / len(loader),
                loss.item(),
            )


def evaluate(model, loader) -> tuple[float, float]:
    """Return the average loss and the accuracy in percent on the test digits."""
    model.eval()
    loss_sum = 0.0
    correct = 0
    with torch.no_grad():
        for data, target in loader:
            output = model(data)
            loss_sum += F.nll_loss(output, target, reduction="sum").item()
            correct += output.argmax(dim=1).eq(target).sum().item()
    count = len(loader.dataset)
    average_loss = loss_sum / count
    accuracy = 100.0 * correct / count
    logger.info("Test Average loss: %.4f, Test Accuracy: %.2f%%;\n", average_loss, accuracy)
    return average_loss, accuracy


def main(argv: list[str] | None = None) -> None:
    """Train, test after each epoch and save the model's weights to the model folder."""
    arguments = parse_arguments(argv)
    logger.info("Distributed training - False (one host: %s)", arguments.current_host)
    logger.info("Number of gpus available - %d", arguments.num_gpus)
    torch.manual_seed(arguments.seed)

    logger.info("Get train data loader")
    train_set = load_dataset(arguments.data_dir, train=True)
    train_loader = DataLoader(train_set, batch_size=arguments.batch_size, shuffle=True)
    logger.info("Get test data loader")
    test_set = load_dataset(arguments.data_dir, train=False)
    test_loader = DataLoader(test_set, batch_size=arguments.test_batch_size, shuffle=False)
    logger.info("Processes %d training and %d test digits", len(train_set), len(test_set))

    model = Net(arguments.hidden_channels, arguments.kernel_size, arguments.dropout)
    if arguments.optimizer == "sgd":
        optimizer = torch.optim.SGD(
            model.parameters(), lr=arguments.lr, momentum=arguments.momentum
        )
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=arguments.lr)

    for epoch in range(1, arguments.epochs + 1):
        train_epoch(model, train_loader, optimizer, epoch, arguments.log_interval)
        evaluate(model, test_loader)

    logger.info("Saving the model.")
    model_dir = Path(arguments.model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), model_dir / "model.pth")


if __name__ == "__main__":
    main()
