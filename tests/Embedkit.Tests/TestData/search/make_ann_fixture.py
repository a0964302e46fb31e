"""Writes ann-small.hdf5, a tiny file in the ann-benchmarks layout (erikbern/ann-benchmarks: datasets.py),
read by VectorFileTests. Run with Debian's python3-h5py:  /usr/bin/python3 make_ann_fixture.py

Contents (the tests hold the same numbers):
  attrs  distance = "euclidean", point_type = "float"
  train      5 x 3 float32   rows (0,0,0) (1,0,0) (0,2,0) (0,0,3) (1,1,1)
  test       2 x 3 float32   rows (0,0,0.5) (1,1,0)
  neighbors  2 x 2 int32     nearest train rows by Euclidean distance: [0,1] and [1,4] (rows 1 and 4 tie at 1)
  distances  2 x 2 float32   their Euclidean (not squared) distances: [0.5, sqrt(1.25)] and [1, 1]
  train64    5 x 3 float64   train as float64 (a float64 dataset is converted to float32)
  chunked    5 x 3 float32   train again, chunked (2, 3) and gzip-compressed
  labels     5     int32     a 1-D dataset (refused: expected 2-D)
"""
import h5py
import numpy as np

train = np.array([[0, 0, 0], [1, 0, 0], [0, 2, 0], [0, 0, 3], [1, 1, 1]], dtype=np.float32)
test = np.array([[0, 0, 0.5], [1, 1, 0]], dtype=np.float32)
d = np.sqrt(((test[:, None, :].astype(np.float64) - train[None, :, :]) ** 2).sum(-1))
neighbors = np.argsort(d, axis=1, kind="stable")[:, :2].astype(np.int32)
distances = np.take_along_axis(d, neighbors, axis=1).astype(np.float32)
assert neighbors.tolist() == [[0, 1], [1, 4]], neighbors

with h5py.File("ann-small.hdf5", "w") as f:
    f.attrs["distance"] = "euclidean"
    f.attrs["point_type"] = "float"
    f.create_dataset("train", data=train)
    f.create_dataset("test", data=test)
    f.create_dataset("neighbors", data=neighbors)
    f.create_dataset("distances", data=distances)
    f.create_dataset("train64", data=train.astype(np.float64))
    f.create_dataset("chunked", data=train, chunks=(2, 3), compression="gzip")
    f.create_dataset("labels", data=np.arange(5, dtype=np.int32))
print(neighbors.tolist(), distances.tolist())
