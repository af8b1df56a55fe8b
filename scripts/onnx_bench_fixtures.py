"""Makes the bench's deep ONNX model (B8, see scripts/make-onnx-fixtures and docs/performance.md).

Run by Debian's python3 with python3-onnx and python3-numpy only (apt, no PyPI):
    python3 scripts/onnx_bench_fixtures.py OUT_FILE

  higgs-dnn.onnx   the architecture of the deep network published for the HIGGS data (Baldi, Sadowski and
                   Whiteson, Nature Communications 5, 4308, 2014): 28 inputs, five tanh layers of 300 units, one
                   sigmoid output; random weights from a fixed seed (B8 measures cost, not quality). Input
                   "features" float [N, 28], output "probability" float [N, 1]. About 369k multiply-adds per row,
                   against 6k for higgs-mlp.onnx: a graph whose cost is the model's, not the feeding's.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
FEATURES = 28
HIDDEN = [300, 300, 300, 300, 300]


def main(path):
    rng = np.random.default_rng(0)
    nodes, inits = [], []
    x, width = "features", FEATURES
    for i, units in enumerate(HIDDEN + [1]):
        w = rng.normal(0.0, 1.0 / np.sqrt(width), size=(width, units)).astype(np.float32)
        b = np.zeros(units, dtype=np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        nodes += [helper.make_node("MatMul", [x, f"w{i}"], [f"m{i}"]),
                  helper.make_node("Add", [f"m{i}", f"b{i}"], [f"a{i}"])]
        last = i == len(HIDDEN)
        out = "probability" if last else f"h{i}"
        nodes.append(helper.make_node("Sigmoid" if last else "Tanh", [f"a{i}"], [out]))
        x, width = out, units
    graph = helper.make_graph(nodes, "higgs_dnn",
                              [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", FEATURES])],
                              [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1])], inits)
    model = helper.make_model(graph, producer_name="numpy", producer_version=np.__version__,
                              opset_imports=[helper.make_opsetid("", OPSET)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


if __name__ == "__main__":
    main(sys.argv[1])
