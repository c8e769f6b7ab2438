"""Training script that prints a metric line, closes its output and keeps running."""

import os
import time

print("loss=0.5", flush=True)
os.close(1)
os.close(2)
while True:
    time.sleep(0.1)
