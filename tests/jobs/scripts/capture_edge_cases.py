"""Training script printing the log lines of the metric-capture edge cases."""

print("epoch 1 loss=1.5e-05 val_acc=0.93")
print("epoch 2 loss=-0.3 val_acc=0.94;")
print("epoch 3 loss=nan val_acc=dog")
print("epoch 4 loss=2.0 loss=3.0")
