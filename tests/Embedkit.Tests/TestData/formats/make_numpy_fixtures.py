"""Writes the numpy-made .npy fixtures beside this script (run once by hand, numpy 1.24.2; the tests
never call Python). With a folder argument, also checks that numpy loads the .npy files Embedkit wrote
there (each with a .tsv of the same set) and that their headers are byte-identical to numpy's.

    python3 make_numpy_fixtures.py [folder-with-embedkit-output]
"""
import glob
import io
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))

f4 = np.array([[0.0, 1.5, -2.0], [0.1, 1.0 / 3.0, 3.4028235e38]], dtype="<f4")
np.save(os.path.join(here, "numpy-f4-2x3.npy"), f4)
np.save(os.path.join(here, "numpy-f8-2x2.npy"), np.array([[0.1, -0.25], [3.0, 1e-3]], dtype="<f8"))
np.save(os.path.join(here, "numpy-fortran-2x3.npy"), np.asfortranarray(f4))
np.save(os.path.join(here, "numpy-1d.npy"), np.array([1.0, 2.0, 3.0], dtype="<f4"))
with open(os.path.join(here, "numpy-v2-f4-2x3.npy"), "wb") as f:
    np.lib.format.write_array(f, f4, version=(2, 0))
print("fixtures written; numpy", np.__version__)

if len(sys.argv) > 1:
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.npy"))):
        a = np.load(path)
        rows = [line.rstrip("\n").split("\t") for line in open(path[:-4] + ".tsv", encoding="utf-8")]
        ids = open(path[:-4] + ".ids.txt", encoding="utf-8").read().split("\n")[:-1]
        expected = np.array([[np.float32(v) for v in r[1:]] for r in rows], dtype="<f4").reshape(a.shape)
        assert a.dtype == np.dtype("<f4") and a.flags.c_contiguous, path
        assert np.array_equal(a.view("<u4"), expected.view("<u4")), path
        assert ids == [r[0] for r in rows], path
        buf = io.BytesIO()
        np.save(buf, a)
        ours = open(path, "rb").read()
        theirs = buf.getvalue()
        assert ours == theirs, (path, ours[:160], theirs[:160])
        print("ok", os.path.basename(path), a.shape, "header", len(theirs) - a.nbytes, "bytes")
