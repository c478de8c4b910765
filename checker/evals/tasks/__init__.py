"""One module per suite family: its dataset loader, solver, scorer and metrics."""
