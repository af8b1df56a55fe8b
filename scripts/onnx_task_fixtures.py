"""Makes the multiclass and regression ONNX test fixtures from the demo churn data (see scripts/make-onnx-fixtures).

Run by Debian's python3 with python3-onnx and python3-numpy only (apt, no PyPI):
    python3 scripts/onnx_task_fixtures.py TRAIN_CSV OUT_DIR

Both graphs impute a missing value (NaN, as Assay's dense assembler passes a null) with the training median
inside the graph, so Assay's spec needs no transform:
  calls-numpy-softmax.onnx   a softmax regression fitted by numpy (gradient descent on standardized features) of
                             calls = least(support_calls, 2) from tenure_months, monthly_charges, total_charges,
                             age, usage_gb: input "features" float [N, 5], output "probabilities" float [N, 3]
  charges-numpy-linear.onnx  a least-squares linear regression of monthly_charges from tenure_months,
                             support_calls, age, usage_gb: input "features" float [N, 4], output "charges" [N, 1]
"""
import csv
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
CALLS_FEATURES = ["tenure_months", "monthly_charges", "total_charges", "age", "usage_gb"]
CHARGES_FEATURES = ["tenure_months", "support_calls", "age", "usage_gb"]


def column(rows, c):
    return np.array([float(r[c]) if r[c] != "" else np.nan for r in rows], dtype=np.float64)


def matrix(rows, columns):
    return np.stack([column(rows, c) for c in columns], axis=1)


def const(name, values):
    return numpy_helper.from_array(np.asarray(values, dtype=np.float32), name)


def impute(x):
    fill = np.nanmedian(x, axis=0)
    return np.where(np.isnan(x), fill, x), fill


def save(nodes, inits, name, width, output, out_width, path):
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("features", TensorProto.FLOAT,
                                                                          ["N", width])],
                              [helper.make_tensor_value_info(output, TensorProto.FLOAT, ["N", out_width])], inits)
    model = helper.make_model(graph, producer_name="numpy", producer_version=np.__version__,
                              opset_imports=[helper.make_opsetid("", OPSET)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


def softmax_model(rows, out):
    x, fill = impute(matrix(rows, CALLS_FEATURES))
    y = np.minimum(column(rows, "support_calls"), 2).astype(int)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    z = (x - mean) / scale
    w, b = np.zeros((z.shape[1], 3)), np.zeros(3)
    onehot = np.eye(3)[y]
    for _ in range(300):
        logits = z @ w + b
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        w -= 0.5 * z.T @ (p - onehot) / len(z)
        b -= 0.5 * (p - onehot).mean(axis=0)
    nodes = [helper.make_node("IsNaN", ["features"], ["missing"]),
             helper.make_node("Where", ["missing", "fill", "features"], ["imputed"]),
             helper.make_node("Sub", ["imputed", "mean"], ["centred"]),
             helper.make_node("Div", ["centred", "scale"], ["scaled"]),
             helper.make_node("MatMul", ["scaled", "w"], ["logits0"]),
             helper.make_node("Add", ["logits0", "b"], ["logits"]),
             helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1)]
    inits = [const("fill", fill), const("mean", mean), const("scale", scale), const("w", w), const("b", b)]
    save(nodes, inits, "calls_numpy_softmax", len(CALLS_FEATURES), "probabilities", 3,
         out + "/calls-numpy-softmax.onnx")


def linear_model(rows, out):
    x, fill = impute(matrix(rows, CHARGES_FEATURES))
    y = column(rows, "monthly_charges")
    keep = ~np.isnan(y)
    a = np.hstack([x[keep], np.ones((keep.sum(), 1))])
    coef = np.linalg.lstsq(a, y[keep], rcond=None)[0]
    nodes = [helper.make_node("IsNaN", ["features"], ["missing"]),
             helper.make_node("Where", ["missing", "fill", "features"], ["imputed"]),
             helper.make_node("MatMul", ["imputed", "w"], ["charges0"]),
             helper.make_node("Add", ["charges0", "b"], ["charges"])]
    inits = [const("fill", fill), const("w", coef[:-1].reshape(-1, 1)), const("b", coef[-1:])]
    save(nodes, inits, "charges_numpy_linear", len(CHARGES_FEATURES), "charges", 1,
         out + "/charges-numpy-linear.onnx")


def main(train_csv, out):
    with open(train_csv, newline="") as f:
        rows = list(csv.DictReader(f))
    softmax_model(rows, out)
    linear_model(rows, out)


if __name__ == "__main__":
    main(*sys.argv[1:3])
