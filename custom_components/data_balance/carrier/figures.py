"""The figures of a message, each with its role: remaining, used, a price..."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from .dates import DateValue
from .money import Money


class DataRole(StrEnum):
    """What a data amount stands for."""

    REMAINING = "remaining"
    TOTAL = "total"
    USED = "used"
    OFFER = "offer"
    UNLABELLED = "unlabelled"


class MoneyRole(StrEnum):
    """What an amount of money stands for."""

    BALANCE = "balance"
    TOP_UP = "top_up"
    PRICE = "price"
    UNLABELLED = "unlabelled"


@dataclass(frozen=True, slots=True)
class DataFigure:
    """A data amount and what it stands for."""

    size: int
    role: DataRole
    bonus: bool = False
    aggregate: bool = False
    low_hint: bool = False
    weak: bool = False
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class MoneyFigure:
    """An amount of money and what it stands for."""

    money: Money
    role: MoneyRole


@dataclass(frozen=True, slots=True)
class Figures:
    """Every figure of a message, each with its role."""

    data: tuple[DataFigure, ...] = ()
    money: tuple[MoneyFigure, ...] = ()
    expiry_dates: tuple[tuple[int, DateValue], ...] = ()
    valid_for: timedelta | None = None
    unlimited: bool = False

    @property
    def expires(self) -> DateValue | None:
        """Return the expiry said of the main data allowance, else the first one."""
        main = self.main_remaining()
        if main is not None:
            for sentence, value in self.expiry_dates:
                if sentence == main.sentence:
                    return value
        return self.expiry_dates[0][1] if self.expiry_dates else None

    def main_remaining(self) -> DataFigure | None:
        """Return the main remaining allowance.

        That is a stated total remaining, else the first remaining amount that is
        not a bonus, else the first unlabelled amount, else the first bonus.
        """
        remaining = [item for item in self.data if item.role is DataRole.REMAINING]
        unlabelled = [item for item in self.data if item.role is DataRole.UNLABELLED]
        for candidates in (
            [item for item in remaining if item.aggregate],
            [item for item in remaining if not item.bonus],
            [item for item in unlabelled if not item.bonus],
            remaining,
        ):
            if candidates:
                return candidates[0]
        return None

    def data_of(self, role: DataRole) -> int | None:
        """Return the first data amount in ``role`` (the main one for remaining)."""
        if role is DataRole.REMAINING:
            main = self.main_remaining()
            return None if main is None else main.size
        return next((item.size for item in self.data if item.role is role), None)

    def all_money(self, role: MoneyRole) -> list[Money]:
        """Return every amount of money in ``role``."""
        return [item.money for item in self.money if item.role is role]

    def money_of(self, role: MoneyRole) -> Money | None:
        """Return the first amount of money in ``role``."""
        return next((item.money for item in self.money if item.role is role), None)

    @property
    def low_data_hint(self) -> bool:
        """Return whether the text stresses how little is left ("only 200 MB left")."""
        main = self.main_remaining()
        return main is not None and main.low_hint
