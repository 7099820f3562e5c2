"""Tests for the wealth suitability rule (DOMAIN.md §4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crm.domain.enums import ProductFamily, ProductRisk, RiskTolerance
from crm.domain.errors import DomainError, SuitabilityRefused
from crm.domain.rules.suitability import (
    ASSESSMENT_VALIDITY_DAYS,
    SuitabilityResult,
    assessment_expiry,
    check_suitability,
    require_suitable,
)

TODAY = date(2024, 6, 1)
Assessment = dict[str, date | None]
CURRENT: Assessment = {"assessed_on": date(2024, 1, 10), "expires_on": date(2025, 1, 9)}
EXPIRED: Assessment = {"assessed_on": date(2023, 1, 10), "expires_on": date(2024, 1, 9)}
MISSING: Assessment = {"assessed_on": None, "expires_on": None}
NON_WEALTH = [family for family in ProductFamily if family is not ProductFamily.WEALTH]


def _check(
    tolerance: RiskTolerance | None,
    family: ProductFamily,
    risk: ProductRisk | None,
    assessment: Assessment,
) -> SuitabilityResult:
    return check_suitability(
        tolerance=tolerance,
        assessed_on=assessment["assessed_on"],
        expires_on=assessment["expires_on"],
        product_family=family,
        product_risk=risk,
        today=TODAY,
    )


def test_validity_is_one_year() -> None:
    assert ASSESSMENT_VALIDITY_DAYS == 365


@pytest.mark.parametrize("tolerance", list(RiskTolerance))
@pytest.mark.parametrize("risk", list(ProductRisk))
def test_wealth_allowed_exactly_when_risk_within_tolerance(
    tolerance: RiskTolerance, risk: ProductRisk
) -> None:
    result = _check(tolerance, ProductFamily.WEALTH, risk, CURRENT)
    within = int(risk.value[1]) <= int(tolerance.value[1])
    assert result.allowed is within
    assert result.code == (None if within else "suitability.risk_above_tolerance")
    assert (result.tolerance, result.product_risk) == (tolerance, risk)


@pytest.mark.parametrize("family", NON_WEALTH)
@pytest.mark.parametrize("tolerance", list(RiskTolerance))
@pytest.mark.parametrize("risk", list(ProductRisk))
def test_rated_non_wealth_products_compare_with_tolerance_even_if_expired(
    family: ProductFamily, tolerance: RiskTolerance, risk: ProductRisk
) -> None:
    # An expired assessment only blocks wealth products; the R/C comparison still applies.
    result = _check(tolerance, family, risk, EXPIRED)
    assert result.allowed is (int(risk.value[1]) <= int(tolerance.value[1]))


@pytest.mark.parametrize("family", NON_WEALTH)
@pytest.mark.parametrize("tolerance", [None, *RiskTolerance])
@pytest.mark.parametrize("assessment", [CURRENT, EXPIRED, MISSING])
def test_unrated_non_wealth_products_are_always_allowed(
    family: ProductFamily, tolerance: RiskTolerance | None, assessment: Assessment
) -> None:
    assert _check(tolerance, family, None, assessment) == SuitabilityResult(True, None, tolerance, None)


@pytest.mark.parametrize(
    ("tolerance", "family", "risk", "assessment", "code"),
    [
        (None, ProductFamily.WEALTH, ProductRisk.R1, MISSING, "suitability.assessment_missing"),
        (None, ProductFamily.WEALTH, None, MISSING, "suitability.assessment_missing"),
        # a tolerance without any date cannot be shown to be current
        (RiskTolerance.C5, ProductFamily.WEALTH, ProductRisk.R1, MISSING, "suitability.assessment_missing"),
        # expiry is reported before the risk comparison, even when the risk would fit
        (RiskTolerance.C5, ProductFamily.WEALTH, ProductRisk.R1, EXPIRED, "suitability.assessment_expired"),
        (RiskTolerance.C1, ProductFamily.WEALTH, ProductRisk.R5, EXPIRED, "suitability.assessment_expired"),
        (RiskTolerance.C5, ProductFamily.WEALTH, None, CURRENT, "suitability.product_risk_missing"),
        (None, ProductFamily.CREDIT, ProductRisk.R2, MISSING, "suitability.assessment_missing"),
        (
            RiskTolerance.C2,
            ProductFamily.DEPOSIT,
            ProductRisk.R3,
            CURRENT,
            "suitability.risk_above_tolerance",
        ),
    ],
)
def test_refusals_carry_their_code(
    tolerance: RiskTolerance | None,
    family: ProductFamily,
    risk: ProductRisk | None,
    assessment: Assessment,
    code: str,
) -> None:
    result = _check(tolerance, family, risk, assessment)
    assert not result.allowed
    assert result.code == code


@pytest.mark.parametrize(
    ("expires_on", "allowed"),
    [(TODAY + timedelta(days=1), True), (TODAY, True), (TODAY - timedelta(days=1), False)],
)
def test_expiry_day_itself_is_still_valid(expires_on: date, allowed: bool) -> None:
    result = _check(
        RiskTolerance.C3,
        ProductFamily.WEALTH,
        ProductRisk.R2,
        {"assessed_on": date(2020, 1, 1), "expires_on": expires_on},
    )
    assert result.allowed is allowed


@pytest.mark.parametrize(
    ("days_ago", "allowed"),
    [(0, True), (ASSESSMENT_VALIDITY_DAYS, True), (ASSESSMENT_VALIDITY_DAYS + 1, False)],
)
def test_expiry_defaults_to_one_year_after_assessment(days_ago: int, allowed: bool) -> None:
    assessment: Assessment = {"assessed_on": TODAY - timedelta(days=days_ago), "expires_on": None}
    result = _check(RiskTolerance.C3, ProductFamily.WEALTH, ProductRisk.R2, assessment)
    assert result.allowed is allowed
    assert result.code == (None if allowed else "suitability.assessment_expired")


def test_recorded_expiry_wins_over_default() -> None:
    assert assessment_expiry(date(2024, 1, 1), date(2024, 3, 1)) == date(2024, 3, 1)
    assert assessment_expiry(date(2024, 1, 1), None) == date(2024, 12, 31)
    assert assessment_expiry(None, None) is None
    # a shortened validity recorded on the assessment is honoured
    short: Assessment = {"assessed_on": TODAY - timedelta(days=30), "expires_on": TODAY - timedelta(days=1)}
    assert _check(RiskTolerance.C5, ProductFamily.WEALTH, ProductRisk.R1, short).code == (
        "suitability.assessment_expired"
    )


def _require(override: bool, risk: ProductRisk = ProductRisk.R4) -> SuitabilityResult:
    return require_suitable(
        tolerance=RiskTolerance.C2,
        assessed_on=CURRENT["assessed_on"],
        expires_on=CURRENT["expires_on"],
        product_family=ProductFamily.WEALTH,
        product_risk=risk,
        today=TODAY,
        override_by_branch_head=override,
    )


def test_require_suitable_raises_coded_error_without_override() -> None:
    with pytest.raises(SuitabilityRefused) as caught:
        _require(override=False)
    error = caught.value
    assert isinstance(error, DomainError)
    assert error.code == "suitability.risk_above_tolerance"
    assert error.field == "product"
    assert error.params == {"tolerance": "C2", "product_risk": "R4", "expires_on": date(2025, 1, 9)}


def test_require_suitable_override_returns_the_refusal_for_audit() -> None:
    result = _require(override=True)
    assert not result.allowed
    assert result.code == "suitability.risk_above_tolerance"


@pytest.mark.parametrize("override", [True, False])
def test_require_suitable_passes_suitable_products(override: bool) -> None:
    assert _require(override=override, risk=ProductRisk.R2) == SuitabilityResult(
        True, None, RiskTolerance.C2, ProductRisk.R2
    )
