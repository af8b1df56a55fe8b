"""Makes the ONNX test fixtures from the demo churn data (see scripts/make-onnx-fixtures).

Run by Debian's python3 with python3-onnx, python3-sklearn and python3-torch (apt, no PyPI):
    python3 scripts/onnx_fixtures.py TRAIN_CSV EVAL_CSV OUT_DIR [BENCH_MODEL]

Every model reads the six numeric demo features in this order, missing values as NaN (Assay's dense
assembler turns nulls into NaN), and imputes them inside the graph, so Assay's spec needs no transform:
  churn-sklearn-lr.onnx          scikit-learn SimpleImputer(median) + StandardScaler + LogisticRegression,
                                 written as an ONNX graph by hand (no skl2onnx in Debian): input
                                 "features" float [N, 6], output "probabilities" float [N, 2]
  churn-sklearn-lr-columns.onnx  the same fitted model with one input per column, [N, 1] each, named
                                 as the columns; output "probability" float [N, 1]
  churn-torch-mlp.onnx           a PyTorch MLP (6-16-1) exported by torch.onnx.export: input "features"
                                 float [N, 6] (dynamic batch), outputs "logit" and "probability" [N, 1]
  nan-output.onnx                a graph whose output is sqrt(-|tenure_months|): NaN for every row with a
                                 non-zero tenure (the bad-output test)
  BENCH_MODEL (bench/src/main/resources/onnx/higgs-mlp.onnx)
                                 a PyTorch MLP 28-64-64-1 with random weights over the bench's features
and, for each real model, <name>.reference.csv: the held-out set (the eval table at version 0: id, features,
label) and the framework's own class-1 probability as float32, written exactly ('%.9g').
"""
import csv
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
import torch

FEATURES = ["tenure_months", "monthly_charges", "total_charges", "support_calls", "age", "usage_gb"]
LABEL = "churned"
OPSET = 13


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.array([[float(r[c]) if r[c] != "" else np.nan for c in FEATURES] for r in rows], dtype=np.float32)
    y = np.array([int(r[LABEL]) for r in rows], dtype=np.int64)
    return rows, x, y


def write_reference(path, rows, p):
    """The held-out rows as read (id, features, label; a missing value stays empty) and the framework's output."""
    columns = ["customer_id"] + FEATURES + [LABEL]
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns + ["probability"])
        for r, v in zip(rows, p.astype(np.float32)):
            w.writerow([r[c] for c in columns] + ["%.9g" % v])


def save(model, path):
    model.producer_name = model.producer_name or "assay-fixtures"
    onnx.checker.check_model(model)
    onnx.save(model, path)


def const(name, values):
    return numpy_helper.from_array(np.asarray(values, dtype=np.float32), name)


def sklearn_nodes(pipe, x_name, out_probabilities):
    """Nodes and initializers of imputer + scaler + logistic regression over x_name [N, 6]."""
    imputer, scaler, lr = pipe.steps[0][1], pipe.steps[1][1], pipe.steps[2][1]
    inits = [const("fill", imputer.statistics_), const("mean", scaler.mean_), const("scale", scaler.scale_),
             const("coef", lr.coef_.T), const("intercept", lr.intercept_), const("one", [1.0])]
    nodes = [
        helper.make_node("IsNaN", [x_name], ["missing"]),
        helper.make_node("Where", ["missing", "fill", x_name], ["imputed"]),
        helper.make_node("Sub", ["imputed", "mean"], ["centred"]),
        helper.make_node("Div", ["centred", "scale"], ["scaled"]),
        helper.make_node("MatMul", ["scaled", "coef"], ["margin0"]),
        helper.make_node("Add", ["margin0", "intercept"], ["margin"]),
        helper.make_node("Sigmoid", ["margin"], ["p1"]),
    ]
    if out_probabilities:
        nodes += [helper.make_node("Sub", ["one", "p1"], ["p0"]),
                  helper.make_node("Concat", ["p0", "p1"], ["probabilities"], axis=1)]
    return nodes, inits


def sklearn_models(x, y, out):
    pipe = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(), LogisticRegression(max_iter=200))
    pipe.fit(x.astype(np.float64), y)
    nodes, inits = sklearn_nodes(pipe, "features", True)
    graph = helper.make_graph(nodes, "churn_sklearn_lr", [
        helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", len(FEATURES)])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2])], inits)
    model = helper.make_model(graph, producer_name="scikit-learn", producer_version=__import__("sklearn").__version__,
                              opset_imports=[helper.make_opsetid("", OPSET)])
    save(model, out + "/churn-sklearn-lr.onnx")

    nodes, inits = sklearn_nodes(pipe, "x", False)
    nodes = [helper.make_node("Concat", FEATURES, ["x"], axis=1)] + nodes
    nodes.append(helper.make_node("Identity", ["p1"], ["probability"]))
    graph = helper.make_graph(nodes, "churn_sklearn_lr_columns",
                              [helper.make_tensor_value_info(c, TensorProto.FLOAT, ["N", 1]) for c in FEATURES],
                              [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1])], inits)
    model = helper.make_model(graph, producer_name="scikit-learn", producer_version=__import__("sklearn").__version__,
                              opset_imports=[helper.make_opsetid("", OPSET)])
    save(model, out + "/churn-sklearn-lr-columns.onnx")
    return pipe


class Mlp(torch.nn.Module):
    def __init__(self, fill, mean, scale):
        super().__init__()
        self.register_buffer("fill", torch.tensor(fill, dtype=torch.float32))
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("scale", torch.tensor(scale, dtype=torch.float32))
        self.hidden = torch.nn.Linear(len(FEATURES), 16)
        self.out = torch.nn.Linear(16, 1)

    def forward(self, x):
        x = torch.where(torch.isnan(x), self.fill.expand_as(x), x)
        x = (x - self.mean) / self.scale
        logit = self.out(torch.relu(self.hidden(x)))
        return logit, torch.sigmoid(logit)


def torch_model(x, y, out):
    torch.manual_seed(7)
    fill = np.nanmedian(x, axis=0)
    filled = np.where(np.isnan(x), fill, x)
    model = Mlp(fill, filled.mean(axis=0), filled.std(axis=0))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    xt, yt = torch.tensor(x), torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for _ in range(300):
        opt.zero_grad()
        logit, _ = model(xt)
        loss = loss_fn(logit, yt)
        loss.backward()
        opt.step()
    model.eval()
    torch.onnx.export(model, torch.zeros(1, len(FEATURES)), out + "/churn-torch-mlp.onnx",
                      input_names=["features"], output_names=["logit", "probability"],
                      dynamic_axes={"features": {0: "N"}, "logit": {0: "N"}, "probability": {0: "N"}},
                      opset_version=OPSET)
    m = onnx.load(out + "/churn-torch-mlp.onnx")
    onnx.checker.check_model(m)
    return model


def nan_model(out):
    nodes = [
        helper.make_node("Slice", ["features", "start", "end", "axis"], ["tenure"]),
        helper.make_node("Abs", ["tenure"], ["a"]),
        helper.make_node("Neg", ["a"], ["n"]),
        helper.make_node("Sqrt", ["n"], ["probability"]),
    ]
    inits = [numpy_helper.from_array(np.array([v], dtype=np.int64), n) for n, v in
             (("start", 0), ("end", 1), ("axis", 1))]
    graph = helper.make_graph(nodes, "nan_output", [
        helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", len(FEATURES)])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1])], inits)
    save(helper.make_model(graph, producer_name="assay-fixtures", opset_imports=[helper.make_opsetid("", OPSET)]),
         out + "/nan-output.onnx")


def bench_model(path):
    """An MLP over the bench's 28 HIGGS-like features (f00..f27), random weights: B8 measures cost, not quality."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(28, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(),
                                torch.nn.Linear(64, 1), torch.nn.Sigmoid())
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 28), path, input_names=["features"], output_names=["probability"],
                      dynamic_axes={"features": {0: "N"}, "probability": {0: "N"}}, opset_version=OPSET)
    onnx.checker.check_model(onnx.load(path))


def main():
    train_csv, eval_csv, out = sys.argv[1:4]
    if len(sys.argv) > 4:
        bench_model(sys.argv[4])
    _, x, y = read(train_csv)
    ids, xe, _ = read(eval_csv)
    pipe = sklearn_models(x, y, out)
    write_reference(out + "/churn-sklearn-lr.reference.csv", ids, pipe.predict_proba(xe.astype(np.float64))[:, 1])
    mlp = torch_model(x, y, out)
    with torch.no_grad():
        _, p = mlp(torch.tensor(xe))
    write_reference(out + "/churn-torch-mlp.reference.csv", ids, p.numpy().reshape(-1))
    nan_model(out)


if __name__ == "__main__":
    main()
