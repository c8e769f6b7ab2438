"""Training script that prints a metric line, then fails with a traceback."""

print("loss=0.75")
raise RuntimeError("the data folder is empty")
