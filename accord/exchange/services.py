"""The only writers of calls, places, applications and their documents (runs and offers: runs/services.py)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet

from accord.accounts.models import User
from accord.agreements.models import CooperationCondition, MobilityType
from accord.agreements.selectors import LIVE_STATUSES
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.common.uploads import check_pdf
from accord.engines.allocation.models import cefr_rank, language_key
from accord.exchange.errors import ExchangeErrorCode
from accord.exchange.models import (
    Application,
    ApplicationStatus,
    Call,
    Document,
    Place,
    Preference,
)
from accord.exchange.permissions import can_apply, can_manage_calls, can_score_application, is_applicant
from accord.exchange.scoring import Weights, compute_score
from accord.institutions.models import OrganisationalUnit
from accord.mobility.models import Person
from accord.reference.services import academic_year_ensure

# Supporting documents: a transcript or a certificate is a few hundred kB; 5 MB leaves room for scans.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS = 10


def _denied(message: str) -> DomainError:
    return DomainError(ErrorCode.PERMISSION_DENIED, message)


# Calls ------------------------------------------------------------------------------------------------------


@dataclass
class CallInput:
    title: str
    academic_year: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    mobility_start: dt.date
    mobility_end: dt.date
    mobility_type: str = MobilityType.STUDENT_STUDIES
    description: str = ""
    max_preferences: int = 6
    eqf_levels: list[int] = field(default_factory=list)
    min_credits: Decimal = Decimal(0)
    min_grade_average: Decimal | None = None
    required_languages: dict[str, str] = field(default_factory=dict)
    grade_scale_min: Decimal = Decimal(0)
    grade_scale_max: Decimal = Decimal(20)
    credits_target: Decimal = Decimal(120)
    weight_grades: Decimal = Decimal(50)
    weight_language: Decimal = Decimal(20)
    weight_motivation: Decimal = Decimal(20)
    weight_credits: Decimal = Decimal(10)


CALL_FIELDS = (
    "title",
    "opens_at",
    "closes_at",
    "mobility_start",
    "mobility_end",
    "mobility_type",
    "description",
    "max_preferences",
    "eqf_levels",
    "min_credits",
    "min_grade_average",
    "required_languages",
    "grade_scale_min",
    "grade_scale_max",
    "credits_target",
    "weight_grades",
    "weight_language",
    "weight_motivation",
    "weight_credits",
)
SCORING_FIELDS = {
    "grade_scale_min",
    "grade_scale_max",
    "credits_target",
    "weight_grades",
    "weight_language",
    "weight_motivation",
    "weight_credits",
}


def clean_languages(raw: dict[str, str], *, field_name: str) -> dict[str, str]:
    """{"en-GB": "b2"} -> {"en": "B2"}: certificates are for a language, and levels are written upper case."""
    cleaned: dict[str, str] = {}
    for code, level in raw.items():
        key = language_key(str(code))
        rank = cefr_rank(str(level))
        if key is None:
            raise DomainError(
                ExchangeErrorCode.INVALID_LANGUAGE, f"{code!r} is not a language code.", field=field_name
            )
        if rank is None:
            raise DomainError(
                ExchangeErrorCode.INVALID_CEFR, f"{level!r} is not a CEFR level (A1 to C2).", field=field_name
            )
        if cefr_rank(cleaned.get(key, "")) is None or rank > (cefr_rank(cleaned[key]) or 0):
            cleaned[key] = str(level).strip().upper()
    return cleaned


def _validated_call(data: CallInput) -> dict[str, Any]:
    if not data.title.strip():
        raise DomainError(ErrorCode.REQUIRED, "A call needs a title.", field="title")
    if data.closes_at <= data.opens_at:
        raise DomainError(
            ErrorCode.DATES_OUT_OF_ORDER, "The call must close after it opens.", field="closes_at"
        )
    if data.mobility_end < data.mobility_start:
        raise DomainError(
            ErrorCode.DATES_OUT_OF_ORDER, "The mobility cannot end before it starts.", field="mobility_end"
        )
    if data.mobility_type not in MobilityType.values:
        raise DomainError(ErrorCode.INVALID_CHOICE, "Unknown mobility type.", field="mobility_type")
    if not 1 <= data.max_preferences <= 20:
        raise DomainError(
            ErrorCode.OUT_OF_RANGE, "Students may rank 1 to 20 places.", field="max_preferences"
        )
    if any(not isinstance(level, int) or not 1 <= level <= 8 for level in data.eqf_levels):
        raise DomainError(ExchangeErrorCode.INVALID_EQF, "EQF levels run from 1 to 8.", field="eqf_levels")
    if data.grade_scale_max <= data.grade_scale_min:
        raise DomainError(
            ErrorCode.OUT_OF_RANGE, "The best grade must be above the lowest grade.", field="grade_scale_max"
        )
    weights = [data.weight_grades, data.weight_language, data.weight_motivation, data.weight_credits]
    if any(w < 0 for w in weights) or sum(weights) <= 0:
        raise DomainError(
            ExchangeErrorCode.INVALID_WEIGHTS,
            "Weights cannot be negative, and at least one must be above 0.",
            field="weight_grades",
        )
    if data.min_credits < 0 or data.credits_target < 0:
        raise DomainError(ErrorCode.NEGATIVE, "Credits cannot be negative.", field="min_credits")
    if not 1900 <= data.academic_year <= 2200:
        raise DomainError(
            ExchangeErrorCode.INVALID_YEAR, "Academic years must be real years.", field="academic_year"
        )
    values = {name: getattr(data, name) for name in CALL_FIELDS}
    values["title"] = data.title.strip()
    values["eqf_levels"] = sorted(set(data.eqf_levels))
    values["required_languages"] = clean_languages(data.required_languages, field_name="required_languages")
    values["academic_year"] = academic_year_ensure(data.academic_year)
    return values


@transaction.atomic
def call_create(*, data: CallInput, actor: User) -> Call:
    if not can_manage_calls(actor):
        raise _denied("Only the international office opens calls.")
    call = Call.objects.create(**_validated_call(data), created_by=actor)
    audit.record_created(actor=actor, action="call.created", target=call)
    return call


@transaction.atomic
def call_update(*, call: Call, data: CallInput, actor: User) -> Call:
    if not can_manage_calls(actor):
        raise _denied("Only the international office edits calls.")
    call = Call.objects.select_for_update(of=("self",)).get(pk=call.pk)
    if data.academic_year != call.academic_year_id and call.places.exists():
        raise DomainError(
            ErrorCode.INVALID_STATE,
            "The places were drawn for another academic year; remove them before changing the year.",
            field="academic_year",
        )
    with audit.record_changed(actor=actor, action="call.updated", target=call) as change:
        for name, value in _validated_call(data).items():
            setattr(call, name, value)
        call.save()
    if SCORING_FIELDS & set(change.changes):
        for application in call.applications.all():
            _rescore(application, call)
    return call


@transaction.atomic
def call_publish(*, call: Call, published: bool, actor: User) -> Call:
    if not can_manage_calls(actor):
        raise _denied("Only the international office publishes calls.")
    if published and not call.places.filter(capacity__gt=0).exists():
        raise DomainError(
            ExchangeErrorCode.NO_PLACES, "Draw the places from the agreements before publishing the call."
        )
    if call.published != published:
        Call.objects.filter(pk=call.pk).update(published=published)
        call.published = published
        audit.record(actor=actor, action="call.published" if published else "call.unpublished", target=call)
    return call


def call_input_from(call: Call) -> CallInput:
    return CallInput(
        academic_year=call.academic_year_id, **{name: getattr(call, name) for name in CALL_FIELDS}
    )


def call_phase(call: Call, now: dt.datetime) -> str:
    if now < call.opens_at:
        return "upcoming"
    return "open" if now < call.closes_at else "closed"


# Places -----------------------------------------------------------------------------------------------------


def conditions_for(call: Call) -> QuerySet[CooperationCondition]:
    """Our outgoing conditions of the call's type covering its year, in agreements that are in force."""
    year = call.academic_year_id
    return (
        CooperationCondition.objects.filter(
            mobility_type=call.mobility_type,
            sending_institution__is_home=True,
            first_year_id__lte=year,
            last_year_id__gte=year,
            agreement__status__in=LIVE_STATUSES,
            places_per_year__gt=0,
        )
        .select_related("agreement", "receiving_institution")
        .prefetch_related("subject_areas", "languages")
        .order_by("agreement_id", "id")
    )


@transaction.atomic
def places_draw(*, call: Call, actor: User) -> list[Place]:
    """One place per condition not drawn yet: the partner, its seats, subject areas, levels and languages.

    The faculty share starts as the condition's sending unit (or the agreement's owner): those seats are for
    that faculty's students. Drawing again adds conditions signed since, and never touches existing places.
    """
    if not can_manage_calls(actor):
        raise _denied("Only the international office draws places.")
    drawn = set(call.places.values_list("condition_id", flat=True))
    created = []
    for condition in conditions_for(call):
        if condition.pk in drawn:
            continue
        languages: dict[str, str] = {}
        for language in condition.languages.all():
            key = language_key(language.language)
            if key and (cefr_rank(languages.get(key, "")) or -1) < (cefr_rank(language.cefr_level) or 0):
                languages[key] = language.cefr_level
        created.append(
            Place.objects.create(
                call=call,
                agreement=condition.agreement,
                condition=condition,
                partner=condition.receiving_institution,
                unit_id=condition.sending_unit_id or condition.agreement.owner_unit_id,
                capacity=condition.places_per_year,
                subject_areas=sorted(area.isced_id for area in condition.subject_areas.all()),
                eqf_levels=sorted(int(level) for level in condition.eqf_levels),
                languages=languages,
            )
        )
    if created:
        audit.record(
            actor=actor,
            action="call.places_drawn",
            target=call,
            data={"places": [p.pk for p in created], "seats": sum(p.capacity for p in created)},
        )
    return created


@transaction.atomic
def place_update(*, place: Place, capacity: int, unit_id: int | None, actor: User) -> Place:
    if not can_manage_calls(actor):
        raise _denied("Only the international office edits places.")
    if capacity < 0:
        raise DomainError(ErrorCode.NEGATIVE, "Seats cannot be negative.", field="capacity")
    if (
        unit_id is not None
        and not OrganisationalUnit.objects.filter(pk=unit_id, institution__is_home=True).exists()
    ):
        raise DomainError(
            ExchangeErrorCode.INVALID_UNIT, "A faculty share must be one of our own units.", field="unit_id"
        )
    with audit.record_changed(
        actor=actor, action="place.updated", target=place, fields=["capacity", "unit_id"]
    ):
        place.capacity, place.unit_id = capacity, unit_id
        place.save(update_fields=["capacity", "unit", "updated_at"])
    return place


@transaction.atomic
def place_split(*, place: Place, unit_id: int | None, seats: int, actor: User) -> Place:
    """Move `seats` of a place into a new share for another faculty (or for everyone, with no unit)."""
    if not can_manage_calls(actor):
        raise _denied("Only the international office edits places.")
    place = Place.objects.select_for_update(of=("self",)).get(pk=place.pk)
    if not 1 <= seats <= place.capacity:
        raise DomainError(
            ErrorCode.OUT_OF_RANGE, f"Choose between 1 and {place.capacity} seats.", field="seats"
        )
    if unit_id == place.unit_id:
        raise DomainError(
            ExchangeErrorCode.SAME_UNIT, "The share must be for another faculty.", field="unit_id"
        )
    share = Place.objects.create(
        call=place.call,
        agreement=place.agreement,
        condition=place.condition,
        partner=place.partner,
        unit_id=None,
        capacity=0,
        subject_areas=place.subject_areas,
        eqf_levels=place.eqf_levels,
        languages=place.languages,
    )
    place_update(place=share, capacity=seats, unit_id=unit_id, actor=actor)
    place_update(place=place, capacity=place.capacity - seats, unit_id=place.unit_id, actor=actor)
    return share


# Applications ---------------------------------------------------------------------------------------------


@dataclass
class ApplicationInput:
    unit_id: int
    eqf_level: int
    credits: Decimal
    grade_average: Decimal
    preferences: list[int]
    languages: dict[str, str] = field(default_factory=dict)
    subject_area: str = ""
    motivation: str = ""


def _check_open(call: Call, now: dt.datetime, *, doing: str) -> None:
    if not call.published or now < call.opens_at:
        raise DomainError(ExchangeErrorCode.CALL_NOT_OPEN, f"The call is not open yet; you cannot {doing}.")
    if now >= call.closes_at:
        raise DomainError(
            ExchangeErrorCode.DEADLINE_PASSED,
            f"The call closed on {call.closes_at:%d %b %Y %H:%M}; you can no longer {doing}.",
            extra={"closes_at": call.closes_at.isoformat()},
        )


def _check_eligible(call: Call, data: ApplicationInput, languages: dict[str, str]) -> None:
    if call.eqf_levels and data.eqf_level not in call.eqf_levels:
        levels = ", ".join(str(level) for level in call.eqf_levels)
        raise DomainError(
            ExchangeErrorCode.NOT_ELIGIBLE, f"This call is for EQF levels {levels}.", field="eqf_level"
        )
    if data.credits < call.min_credits:
        raise DomainError(
            ExchangeErrorCode.NOT_ELIGIBLE,
            f"This call requires at least {call.min_credits} credits.",
            field="credits",
        )
    if call.min_grade_average is not None and data.grade_average < call.min_grade_average:
        raise DomainError(
            ExchangeErrorCode.NOT_ELIGIBLE,
            f"This call requires a grade average of at least {call.min_grade_average}.",
            field="grade_average",
        )
    if not call.grade_scale_min <= data.grade_average <= call.grade_scale_max:
        raise DomainError(
            ErrorCode.OUT_OF_RANGE,
            f"Grades in this call run from {call.grade_scale_min} to {call.grade_scale_max}.",
            field="grade_average",
        )
    for code, level in call.required_languages.items():
        have = cefr_rank(languages.get(code, ""))
        if have is None or have < (cefr_rank(level) or 0):
            raise DomainError(
                ExchangeErrorCode.NOT_ELIGIBLE,
                f"This call requires a {code} certificate at level {level} or above.",
                field="languages",
            )


def _check_preferences(call: Call, preferences: list[int]) -> list[Place]:
    if not preferences:
        raise DomainError(ErrorCode.REQUIRED, "Rank at least one destination.", field="preferences")
    if len(preferences) > call.max_preferences:
        raise DomainError(
            ExchangeErrorCode.TOO_MANY_PREFERENCES,
            f"Rank at most {call.max_preferences} destinations.",
            field="preferences",
        )
    if len(set(preferences)) != len(preferences):
        raise DomainError(
            ExchangeErrorCode.DUPLICATE_PREFERENCE,
            "Each destination may be ranked once.",
            field="preferences",
        )
    places = call.places.in_bulk(preferences)
    if len(places) != len(preferences):
        raise DomainError(
            ExchangeErrorCode.UNKNOWN_PLACE,
            "A ranked destination is not offered in this call.",
            field="preferences",
        )
    return [places[pk] for pk in preferences]


def _rescore(application: Application, call: Call) -> None:
    parts = compute_score(
        weights=Weights(
            call.weight_grades, call.weight_language, call.weight_motivation, call.weight_credits
        ),
        grade_average=application.grade_average,
        grade_min=call.grade_scale_min,
        grade_max=call.grade_scale_max,
        languages=application.languages,
        motivation_score=application.motivation_score,
        credits=application.credits,
        credits_target=call.credits_target,
    )
    if parts.score != application.score:
        application.score = parts.score
        application.save(update_fields=["score", "updated_at"])


@transaction.atomic
def application_submit(*, call: Call, data: ApplicationInput, actor: User, now: dt.datetime) -> Application:
    """Create the student's application to the call, or replace its answers while the call is open."""
    if not can_apply(actor):
        raise _denied("Only students apply.")
    _check_open(call, now, doing="apply or change your application")
    person = Person.objects.filter(user=actor).first()
    if person is None:
        raise DomainError(
            ExchangeErrorCode.NO_STUDENT_RECORD,
            "Your student record is missing; please contact the international office.",
        )
    if not OrganisationalUnit.objects.filter(pk=data.unit_id, institution__is_home=True).exists():
        raise DomainError(ExchangeErrorCode.INVALID_UNIT, "Choose the faculty you study in.", field="unit_id")
    if not 1 <= data.eqf_level <= 8:
        raise DomainError(ExchangeErrorCode.INVALID_EQF, "EQF levels run from 1 to 8.", field="eqf_level")
    if data.credits < 0:
        raise DomainError(ErrorCode.NEGATIVE, "Credits cannot be negative.", field="credits")
    languages = clean_languages(data.languages, field_name="languages")
    _check_eligible(call, data, languages)
    places = _check_preferences(call, data.preferences)
    values = {
        "unit_id": data.unit_id,
        "eqf_level": data.eqf_level,
        "credits": data.credits,
        "grade_average": data.grade_average,
        "languages": languages,
        "subject_area": data.subject_area.strip(),
        "motivation": data.motivation.strip(),
    }
    ranked = {"preferences": data.preferences}
    application = Application.objects.select_for_update(of=("self",)).filter(call=call, person=person).first()
    if application is None:
        application = Application.objects.create(call=call, person=person, submitted_at=now, **values)
        audit.record_created(actor=actor, action="application.submitted", target=application, data=ranked)
    else:
        # Recorded even when nothing changed: submitting again is itself worth knowing.
        with audit.record_changed(
            actor=actor, action="application.updated", target=application, data=ranked, always=True
        ):
            for name, value in values.items():
                setattr(application, name, value)
            application.status, application.withdrawn_at = ApplicationStatus.SUBMITTED, None
            application.submitted_at = now
            application.save()
    # The event records the answers as given; the score they earn follows from the call's formula.
    application.preferences.all().delete()
    Preference.objects.bulk_create(
        Preference(application=application, place=place, rank=rank) for rank, place in enumerate(places, 1)
    )
    _rescore(application, call)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor: User, now: dt.datetime) -> Application:
    if not is_applicant(actor, application):
        raise _denied("Only the applicant may withdraw an application.")
    _check_open(application.call, now, doing="withdraw")
    if application.status == ApplicationStatus.WITHDRAWN:
        raise DomainError(ErrorCode.INVALID_STATE, "The application is already withdrawn.")
    application.status, application.withdrawn_at = ApplicationStatus.WITHDRAWN, now
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit.record(actor=actor, action="application.withdrawn", target=application)
    return application


@transaction.atomic
def application_score(
    *, application: Application, motivation_score: Decimal, note: str = "", actor: User
) -> Application:
    """A reviewer's motivation score (0-100); the common score is computed again from the call's formula."""
    if not can_score_application(actor, application):
        raise _denied("You may only score applications of your own units.")
    if not Decimal(0) <= motivation_score <= Decimal(100):
        raise DomainError(
            ErrorCode.OUT_OF_RANGE, "The motivation score runs from 0 to 100.", field="motivation_score"
        )
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    with audit.record_changed(
        actor=actor,
        action="application.scored",
        target=application,
        fields=["motivation_score", "review_note", "score"],
        always=True,
    ):
        application.motivation_score, application.review_note = motivation_score, note.strip()
        application.save(update_fields=["motivation_score", "review_note", "updated_at"])
        _rescore(application, application.call)
    return application


@transaction.atomic
def document_add(
    *, application: Application, title: str, upload: UploadedFile, actor: User, now: dt.datetime
) -> Document:
    if not is_applicant(actor, application):
        raise _denied("Only the applicant adds documents.")
    _check_open(application.call, now, doing="add documents")
    if application.documents.count() >= MAX_DOCUMENTS:
        raise DomainError(
            ExchangeErrorCode.TOO_MANY_DOCUMENTS,
            f"At most {MAX_DOCUMENTS} documents per application.",
            field="file",
        )
    check_pdf(upload, field="file", max_bytes=MAX_DOCUMENT_BYTES)
    name = title.strip() or getattr(upload, "name", "") or "Document"
    document = Document(application=application, title=name[:200], size=upload.size or 0, uploaded_by=actor)
    document.file.save(f"application-{application.pk}.pdf", upload, save=False)
    document.save()
    audit.record(
        actor=actor,
        action="application.document_added",
        target=application,
        data={"document": document.pk, "title": document.title},
    )
    return document


def eligible_units() -> QuerySet[OrganisationalUnit]:
    """Units a student may name as their faculty: our own institution's."""
    return OrganisationalUnit.objects.filter(institution__is_home=True).order_by("name")
