"""Compares two REST-shaped answers: data, labelers and stats must be equal;
meta is ignored. Approval rates compare on their two decimals."""


def _normalize(value):
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        return {key: _normalize(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalize(item) for item in value]
    return value


def first_difference(expected, actual, where="answer"):
    """None when equal, else a short text naming the first difference."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if key not in actual or key not in expected:
                return f"{where}.{key}: present in only one answer"
            found = first_difference(expected[key], actual[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{where}: {len(expected)} entries vs {len(actual)}"
        for index, (left, right) in enumerate(zip(expected, actual)):
            found = first_difference(left, right, f"{where}[{index}]")
            if found:
                return found
        return None
    if expected != actual:
        return f"{where}: {expected!r} vs {actual!r}"
    return None


def compare(service_answer, baseline_answer):
    """None when the baseline computed the service's answer."""
    keys = ("data", "labelers", "stats")
    left = _normalize({key: service_answer.get(key) for key in keys})
    right = _normalize({key: baseline_answer.get(key) for key in keys})
    return first_difference(left, right)
