"""Training script that prints its pid and a metric line, then sleeps until it is stopped."""

import os
import time

print(f"pid={os.getpid()}", flush=True)
print("loss=0.5", flush=True)
while True:
    time.sleep(0.1)
