"""Money: exact Decimal amounts in 万元, shown with two decimals (more when the fourth-decimal
precision of the dossier matters) and, where a form asks, in RMB capitals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)


def wan(amount: Decimal | int) -> str:
    """``Decimal("480.5")`` → ``"480.50"``; ``Decimal("0.1234")`` → ``"0.1234"`` (never loses digits)."""
    d = Decimal(amount)
    text = f"{d:,.4f}".rstrip("0")
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def amount(value: Decimal | int) -> str:
    """Like ``wan`` but without thousands separators, for JSON and tables: ``"478.60"``."""
    return wan(value).replace(",", "")


def yuan(amount_wan: Decimal | int) -> Decimal:
    """万元 → 元, rounded half-up to the cent."""
    return (Decimal(amount_wan) * TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP)


def rmb_capital(amount_wan: Decimal | int) -> str:
    """The amount in RMB capitals, e.g. 120 万元 → ``人民币壹佰贰拾万元整``.

    cn2an does the conversion; it truncates past two decimals, so the amount is rounded to the
    cent first (《正确填写票据和结算凭证的基本规定》: amounts are written to the 分)."""
    import cn2an  # ~90 ms to import: only when a form needs capitals

    value = yuan(amount_wan)
    text = cn2an.an2cn(format(value, "f"), "rmb")
    return "人民币" + text
