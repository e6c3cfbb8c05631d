"""Grade conversion for recognition: the ECTS Users' Guide (2015) percentile method, a labelled linear
fallback, and the national scales Accord ships. Pure Python: no Django, no I/O beyond the shipped JSON files.

Typical use::

    from accord.engines.grades import convert, load_scale, GradeDistribution

    host, home = load_scale("it-18-30"), load_scale("ects")
    result = convert(27, source=host, target=home,
                     source_table=GradeDistribution(host, (...)), target_table=GradeDistribution(home, (...)))
    result.grade, result.method, result.explanation, result.overlaps
"""

from .catalogue import legacy_ects_distribution, load_scale, scale_from_dict, shipped_scales
from .combine import CombinedGrade, combine
from .contract import convert_contract
from .convert import ConversionResult, Method, Overlap, convert
from .distribution import GradeDistribution, GradeRange
from .errors import ErrorCode, GradeConversionError
from .scale import Grade, GradeScale, NumericRange, Placement, format_grade, grade_key

__all__ = [
    "CombinedGrade",
    "ConversionResult",
    "ErrorCode",
    "Grade",
    "GradeConversionError",
    "GradeDistribution",
    "GradeRange",
    "GradeScale",
    "Method",
    "NumericRange",
    "Overlap",
    "Placement",
    "combine",
    "convert",
    "convert_contract",
    "format_grade",
    "grade_key",
    "legacy_ects_distribution",
    "load_scale",
    "scale_from_dict",
    "shipped_scales",
]
