#!/usr/bin/env python3
"""Writes the tiny ONNX graphs that OrtIoBindingTest / NativeTensorTest run through ONNX Runtime's
C API (I/O binding) into model/onnx/src/test/resources/onnx/:

* ``accumulate.onnx``: ``state_out = state_in + x`` (float, shape [rows, cols], both dynamic). Bound
  with ONE buffer as ``state_in`` and ``state_out`` it accumulates in place, the way a decode step
  writes ``present_key`` into the buffer it reads as ``past_key``.
* ``mixed.onnx``: inputs ``x`` float [batch, 3] and ``ids`` int64 [batch]; outputs
  ``y = tanh(x @ W + b)`` (float), ``y_half`` (y as float16), ``ids_next = ids + 1`` (int64) and
  ``rows`` (int32 scalar: the batch size): every element type NativeTensor supports.

Deterministic (fixed weights); needs only the ``onnx`` package:

  python3 model/export/make_iobinding_fixtures.py [--out model/onnx/src/test/resources/onnx]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import onnx
from onnx import TensorProto, helper

OPSET = 17
IR_VERSION = 8


def accumulate() -> onnx.ModelProto:
    graph = helper.make_graph(
        [helper.make_node("Add", ["state_in", "x"], ["state_out"])],
        "accumulate",
        [
            helper.make_tensor_value_info("state_in", TensorProto.FLOAT, ["rows", "cols"]),
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["rows", "cols"]),
        ],
        [helper.make_tensor_value_info("state_out", TensorProto.FLOAT, ["rows", "cols"])],
    )
    return _model(graph)


def mixed() -> onnx.ModelProto:
    w = [0.5, -1.0, 0.25, 1.5, 0.75, -0.5, -0.25, 2.0, 1.0]
    b = [0.1, -0.2, 0.3]
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["x", "W"], ["xw"]),
            helper.make_node("Add", ["xw", "b"], ["pre"]),
            helper.make_node("Tanh", ["pre"], ["y"]),
            helper.make_node("Cast", ["y"], ["y_half"], to=TensorProto.FLOAT16),
            helper.make_node("Add", ["ids", "one"], ["ids_next"]),
            helper.make_node("Shape", ["x"], ["x_shape"]),
            helper.make_node("Gather", ["x_shape", "zero"], ["rows64"], axis=0),
            helper.make_node("Cast", ["rows64"], ["rows"], to=TensorProto.INT32),
        ],
        "mixed",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3]),
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch"]),
        ],
        [
            helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3]),
            helper.make_tensor_value_info("y_half", TensorProto.FLOAT16, ["batch", 3]),
            helper.make_tensor_value_info("ids_next", TensorProto.INT64, ["batch"]),
            helper.make_tensor_value_info("rows", TensorProto.INT32, []),
        ],
        initializer=[
            helper.make_tensor("W", TensorProto.FLOAT, [3, 3], w),
            helper.make_tensor("b", TensorProto.FLOAT, [3], b),
            helper.make_tensor("one", TensorProto.INT64, [], [1]),
            helper.make_tensor("zero", TensorProto.INT64, [], [0]),
        ],
    )
    return _model(graph)


def _model(graph: onnx.GraphProto) -> onnx.ModelProto:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="grounded-ocr make_iobinding_fixtures.py")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    return model


def main() -> None:
    default = Path(__file__).resolve().parents[1] / "onnx/src/test/resources/onnx"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default)
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    for name, model in (("accumulate.onnx", accumulate()), ("mixed.onnx", mixed())):
        onnx.save(model, str(out / name))
        print(out / name)


if __name__ == "__main__":
    main()
