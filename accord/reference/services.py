from accord.reference.models import AcademicYear


def academic_year_ensure(start_year: int) -> AcademicYear:
    """Academic years are reference data: any plausible year is created on first use with default dates."""
    start, end = AcademicYear.default_dates(start_year)
    year, _ = AcademicYear.objects.get_or_create(
        start_year=start_year, defaults={"start_date": start, "end_date": end}
    )
    return year


def academic_year_for_date(day_year: int, month: int) -> int:
    """The start year of the academic year a date falls in (years start in September)."""
    return day_year if month >= 9 else day_year - 1
