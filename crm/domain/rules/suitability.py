"""Decide whether a product may be pitched or proposed to a client under the suitability rule (适当性)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from crm.domain.enums import ProductFamily, ProductRisk, RiskTolerance
from crm.domain.errors import SuitabilityRefused

# A questionnaire result is valid for a year unless the record carries its own expiry date.
ASSESSMENT_VALIDITY_DAYS = 365

ASSESSMENT_MISSING = "suitability.assessment_missing"
ASSESSMENT_EXPIRED = "suitability.assessment_expired"
RISK_ABOVE_TOLERANCE = "suitability.risk_above_tolerance"
PRODUCT_RISK_MISSING = "suitability.product_risk_missing"


@dataclass(frozen=True, slots=True)
class SuitabilityResult:
    allowed: bool
    code: str | None  # None when allowed; one of the module's codes otherwise
    tolerance: RiskTolerance | None
    product_risk: ProductRisk | None


def assessment_expiry(assessed_on: date | None, expires_on: date | None) -> date | None:
    """The last day the assessment is valid: the recorded expiry, else assessed_on + one year."""
    if expires_on is not None:
        return expires_on
    if assessed_on is not None:
        return assessed_on + timedelta(days=ASSESSMENT_VALIDITY_DAYS)
    return None


def check_suitability(
    *,
    tolerance: RiskTolerance | None,
    assessed_on: date | None,
    expires_on: date | None,
    product_family: ProductFamily,
    product_risk: ProductRisk | None,
    today: date,
) -> SuitabilityResult:
    """Apply DOMAIN.md §4; the first failing rule gives the code.

    A wealth product needs a current assessment and a risk level. Any product that carries a risk
    level needs a recorded tolerance to compare with and must not exceed it. Other products pass.
    """

    def refuse(code: str) -> SuitabilityResult:
        return SuitabilityResult(False, code, tolerance, product_risk)

    expiry = assessment_expiry(assessed_on, expires_on)
    if product_family is ProductFamily.WEALTH:
        # A tolerance with no date at all cannot be shown to be current, so it counts as missing.
        if tolerance is None or expiry is None:
            return refuse(ASSESSMENT_MISSING)
        if expiry < today:
            return refuse(ASSESSMENT_EXPIRED)
        if product_risk is None:
            # A wealth product without an R-level is a catalogue defect; selling it blind is not allowed.
            return refuse(PRODUCT_RISK_MISSING)
    if product_risk is not None:
        if tolerance is None:
            # "Above the tolerance" cannot be ruled out without one.
            return refuse(ASSESSMENT_MISSING)
        if product_risk.level > tolerance.level:
            return refuse(RISK_ABOVE_TOLERANCE)
    return SuitabilityResult(True, None, tolerance, product_risk)


def require_suitable(
    *,
    tolerance: RiskTolerance | None,
    assessed_on: date | None,
    expires_on: date | None,
    product_family: ProductFamily,
    product_risk: ProductRisk | None,
    today: date,
    override_by_branch_head: bool,
) -> SuitabilityResult:
    """Return the result, or raise SuitabilityRefused when refused and not overridden.

    A returned result with ``allowed`` False means the branch-head override was used: the caller
    must record and audit it.
    """
    result = check_suitability(
        tolerance=tolerance,
        assessed_on=assessed_on,
        expires_on=expires_on,
        product_family=product_family,
        product_risk=product_risk,
        today=today,
    )
    if result.allowed or override_by_branch_head:
        return result
    assert result.code is not None  # a refusal always carries its code
    raise SuitabilityRefused(
        result.code,
        "product",
        {
            "tolerance": tolerance.value if tolerance else None,
            "product_risk": product_risk.value if product_risk else None,
            "expires_on": assessment_expiry(assessed_on, expires_on),
        },
    )
