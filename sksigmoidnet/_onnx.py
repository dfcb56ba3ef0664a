"""ONNX export: a converter for ``SigmoidNetClassifier`` registered with skl2onnx.

After :func:`register_onnx_converter`, ``skl2onnx.to_onnx`` converts the
classifier alone or as the last step of a pipeline, like any scikit-learn
classifier. skl2onnx is imported only when the function is called.
"""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ._activations import ACTIVATIONS
from ._classifier import SigmoidNetClassifier
from ._compat import skl2onnx_classifier_parser
from ._targets import BINARY, MULTICLASS, MULTILABEL

ONNX_ALIAS = "SksigmoidnetSigmoidNetClassifier"

_INSTALL_HINT = (
    "ONNX export needs skl2onnx, onnx and onnxruntime: pip install skl2onnx onnx "
    'onnxruntime (from a checkout: pip install -e ".[onnx]")'
)


def register_onnx_converter():
    """Teach skl2onnx to convert :class:`SigmoidNetClassifier`.

    Call it once per process, before ``skl2onnx.to_onnx`` or
    ``skl2onnx.convert_sklearn``; calling it again does no harm. The converted
    graph has the two outputs of every scikit-learn classifier in skl2onnx:
    ``label`` (what :meth:`~SigmoidNetClassifier.predict` returns) and
    ``probabilities`` (what :meth:`~SigmoidNetClassifier.predict_proba`
    returns), computed in the input's float type. As for other classifiers,
    the probabilities are a list of dicts unless the ``zipmap`` option says
    otherwise: ``options={SigmoidNetClassifier: {"zipmap": False}}`` gives a
    matrix, ``"columns"`` one output per class. For multilabel models the
    labels are the 0/1 indicator matrix that ``predict`` returns.

    Raises
    ------
    ImportError
        When skl2onnx is not installed; the message says what to install.

    Examples
    --------
    >>> import numpy as np
    >>> import onnxruntime as ort
    >>> from skl2onnx import to_onnx
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sksigmoidnet import SigmoidNetClassifier, register_onnx_converter
    >>> X, y = load_iris(return_X_y=True)
    >>> X = X.astype(np.float32)
    >>> model = make_pipeline(
    ...     StandardScaler(), SigmoidNetClassifier((16,), random_state=0)
    ... ).fit(X, y)
    >>> register_onnx_converter()
    >>> onx = to_onnx(model, X[:1], options={SigmoidNetClassifier: {"zipmap": False}})
    >>> session = ort.InferenceSession(
    ...     onx.SerializeToString(), providers=["CPUExecutionProvider"]
    ... )
    >>> labels, proba = session.run(None, {"X": X})
    >>> bool((labels == model.predict(X)).all())
    True
    >>> bool(np.abs(proba - model.predict_proba(X)).max() < 1e-5)
    True
    """
    try:
        from skl2onnx import update_registered_converter
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT) from exc

    update_registered_converter(
        SigmoidNetClassifier,
        ONNX_ALIAS,
        _calculate_output_shapes,
        _convert,
        parser=_parse,
        options={
            "zipmap": [True, False, "columns"],
            "nocl": [False, True],
            "output_class_labels": [False, True],
        },
    )


def _parse(scope, model, inputs, custom_parsers=None):
    """skl2onnx's classifier parser, after checking that the model is fitted.

    skl2onnx reads ``classes_`` while parsing, before any converter code runs:
    an unfitted model would fail there with a message about classes.
    """
    check_is_fitted(model)
    parse_classifier = skl2onnx_classifier_parser()
    return parse_classifier(scope, model, inputs, custom_parsers=custom_parsers)


def _calculate_output_shapes(operator):
    """skl2onnx's classifier shapes, with an indicator matrix for multilabel."""
    from skl2onnx.common.data_types import Int64TensorType
    from skl2onnx.common.shape_calculator import (
        calculate_linear_classifier_output_shapes,
    )

    model = operator.raw_operator
    _onnx_classes(model)  # fail early on labels ONNX cannot hold
    calculate_linear_classifier_output_shapes(operator)
    if model._target_kind == MULTILABEL:
        n_rows = operator.inputs[0].get_first_dimension()
        operator.outputs[0].set_type(Int64TensorType([n_rows, len(model.classes_)]))


def _onnx_classes(model):
    """The class labels as an ONNX tensor can hold them: int64 or str."""
    classes = model.classes_
    # Float labels reach a fitted classifier only when they are whole numbers.
    if classes.dtype.kind in "biuf":
        if int(classes.min()) < -(2**63) or int(classes.max()) >= 2**63:
            raise ValueError(
                "ONNX holds integer class labels as int64, and these labels "
                f"do not fit: {model.classes_.tolist()}. Map them to smaller "
                "integers or to strings before fitting."
            )
        return classes.astype(np.int64)
    if all(isinstance(label, str) for label in classes):
        return np.array(classes, dtype=np.str_)
    raise ValueError(
        "ONNX class labels must be all integers or all strings; got "
        f"{model.classes_.tolist()}."
    )


def _convert(scope, operator, container):
    """Add the forward pass, probabilities and labels to the ONNX graph."""
    from skl2onnx.algebra import onnx_ops as ops
    from skl2onnx.common.data_types import guess_numpy_type, guess_proto_type
    from skl2onnx.proto import onnx_proto

    model = operator.raw_operator
    opset = container.target_opset
    dtype = guess_numpy_type(operator.inputs[0].type)
    if dtype not in (np.float32, np.float64):
        dtype = np.float32
    values = operator.inputs[0]
    if guess_proto_type(operator.inputs[0].type) != _proto(dtype, onnx_proto):
        values = ops.OnnxCast(values, to=_proto(dtype, onnx_proto), op_version=opset)
    graph = _Graph(ops, opset, dtype)
    logits = graph.logits(model, values)
    if model._target_kind == MULTILABEL:
        probabilities = ops.OnnxSigmoid(logits, op_version=opset)
        half = np.array([0.5], dtype=dtype)
        labels = ops.OnnxCast(
            ops.OnnxGreater(probabilities, half, op_version=opset),
            to=onnx_proto.TensorProto.INT64,
            op_version=opset,
        )
    else:
        probabilities = graph.class_probabilities(model, logits)
        nocl = scope.get_options(model, dict(nocl=False))["nocl"]
        classes = (
            np.arange(len(model.classes_), dtype=np.int64)
            if nocl
            else _onnx_classes(model)
        )
        labels = graph.labels(model, probabilities, logits, classes)
    for node, output in (
        (labels, operator.outputs[0]),
        (probabilities, operator.outputs[1]),
    ):
        ops.OnnxIdentity(node, output_names=[output], op_version=opset).add_to(
            scope, container
        )


class _Graph:
    """Builds the nodes of the network's ONNX graph in one dtype and opset.

    Parameters
    ----------
    ops : module
        skl2onnx's ``onnx_ops``.
    opset : int
    dtype : numpy dtype
        float32 or float64.
    """

    def __init__(self, ops, opset, dtype):
        self.ops, self.opset, self.dtype = ops, opset, dtype
        self.zero = np.array([0], dtype=dtype)
        self.one = np.array([1], dtype=dtype)

    def logits(self, model, values):
        """The output layer's pre-sigmoid values of the input ``values``."""
        ops, opset = self.ops, self.opset
        op = ACTIVATIONS[model.activation].onnx_op
        hidden_activation = None if op is None else getattr(ops, f"Onnx{op}")
        n_layers = len(model.coefs_)
        for index, (coef, intercept) in enumerate(
            zip(model.coefs_, model.intercepts_, strict=True)
        ):
            values = ops.OnnxAdd(
                ops.OnnxMatMul(values, coef.astype(self.dtype), op_version=opset),
                intercept.astype(self.dtype),
                op_version=opset,
            )
            if index < n_layers - 1 and hidden_activation is not None:
                values = hidden_activation(values, op_version=opset)
        return values

    def class_probabilities(self, model, logits):
        """``predict_proba`` of a binary or multiclass model."""
        ops, opset = self.ops, self.opset
        if len(model.classes_) == 1:
            return ops.OnnxAdd(
                ops.OnnxMul(logits, self.zero, op_version=opset),
                self.one,
                op_version=opset,
            )
        if model._target_kind == BINARY:
            # [1 - p, p] as sigmoid(-z) and sigmoid(z): no cancellation in 1 - p.
            return ops.OnnxConcat(
                ops.OnnxSigmoid(
                    ops.OnnxNeg(logits, op_version=opset), op_version=opset
                ),
                ops.OnnxSigmoid(logits, op_version=opset),
                axis=1,
                op_version=opset,
            )
        # The sigmoid outputs divided by their sum, in log space as
        # predict_proba computes them: all outputs may round to 0.
        log_units = self._log_sigmoid(logits)
        log_total = ops.OnnxReduceLogSumExpApi18(
            log_units, axes=[1], keepdims=1, op_version=opset
        )
        return ops.OnnxExp(
            ops.OnnxSub(log_units, log_total, op_version=opset), op_version=opset
        )

    def labels(self, model, probabilities, logits, classes):
        """``predict`` of a binary or multiclass model, from ``classes``."""
        ops, opset = self.ops, self.opset
        ranking = probabilities
        if model._target_kind == MULTICLASS:
            # As predict: the most probable class, and among equals the one of
            # the largest logit.
            most_probable = ops.OnnxEqual(
                probabilities,
                ops.OnnxReduceMaxApi18(
                    probabilities, axes=[1], keepdims=1, op_version=opset
                ),
                op_version=opset,
            )
            lowest = np.array([-np.inf], dtype=self.dtype)
            ranking = ops.OnnxWhere(most_probable, logits, lowest, op_version=opset)
        indices = ops.OnnxArgMax(ranking, axis=1, keepdims=1, op_version=opset)
        return ops.OnnxReshape(
            ops.OnnxArrayFeatureExtractor(classes, indices, op_version=opset),
            np.array([-1], dtype=np.int64),
            op_version=opset,
        )

    def _log_sigmoid(self, node):
        # log(sigmoid(z)) = min(z, 0) - log(1 + exp(-|z|)): finite where
        # sigmoid rounds to 0, and made of operators that onnxruntime runs
        # in float64 too (its Softplus is float32 only).
        ops, opset = self.ops, self.opset
        magnitude = ops.OnnxAbs(node, op_version=opset)
        tail = ops.OnnxExp(ops.OnnxNeg(magnitude, op_version=opset), op_version=opset)
        return ops.OnnxSub(
            ops.OnnxMin(node, self.zero, op_version=opset),
            ops.OnnxLog(
                ops.OnnxAdd(tail, self.one, op_version=opset), op_version=opset
            ),
            op_version=opset,
        )


def _proto(dtype, onnx_proto):
    if dtype == np.float64:
        return onnx_proto.TensorProto.DOUBLE
    return onnx_proto.TensorProto.FLOAT
