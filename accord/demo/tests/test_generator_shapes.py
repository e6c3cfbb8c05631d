"""Demo shapes other than the small one, each loaded into an empty database (test_generator.py shares one
small demo across its module)."""

from accord.demo.generator import DemoSize, load_demo
from accord.demo.institutions import sample_rows
from accord.demo.tests.test_generator import TODAY
from accord.institutions.models import Institution
from accord.mobility.models import Mobility


def test_large_shape_adds_clearly_synthetic_institutions(db):
    report = load_demo(
        size=DemoSize("scaled", institutions=900, agreements=120, mobilities=600), seed=3, today=TODAY
    )
    assert Institution.objects.count() == 900 == report.counts["institutions"]
    synthetic = Institution.objects.filter(name__startswith="Synthetic ")
    assert synthetic.count() == 900 - 1 - len(sample_rows())
    assert not synthetic.filter(erasmus_code__isnull=False).exists()
    assert Mobility.objects.count() == 601
