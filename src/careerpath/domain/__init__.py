"""Pure model and algorithms: stdlib + numpy/scipy, no I/O."""
