"""Decide what each figure in a message is, from the words around it."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
import re

from .dates import DateValue
from .figures import DataFigure, DataRole, Figures, MoneyFigure, MoneyRole
from .found import Found, SpanSet
from .keywords import Cue, cue_after, find_cues
from .money import Money, read_bare_figure
from .text import Sentence, is_menu_line, split_sentences

# Cuts the text before a figure where another figure's words end.
_CLAUSE_BREAK = re.compile(
    r"[,;\uff0c\u3001(]|(?<![^\W\d_])(?:and|y|und|et|e|i|и|och|és|plus)(?![^\W\d_])|和|及"
)
# "2 GB of 10 GB", "3 GB left out of 10 GB", "2 GB / 10 GB": the second is the total.
_TOTAL_CONNECTOR = re.compile(
    r"\s*(?:[^\W\d_][\w'-]*\s+){0,2}?(?:of|out of|from|von|aus|из|de|del|sur|su|di|z|ze|av|/)"
    r"\s*(?:your|ihre[mns]?|deine[mns]?|tu|su|seu|sua|votre|ton|tuo|twojego|вашего|din|ditt|az?)?"
    r"\s*$",
    re.IGNORECASE,
)
_PER_PERIOD = re.compile(
    r"(?i)/\s?(?:month|mo|mes|monat|mois|mese|mies|мес|m[åa]n|h[óo]|月|day|d[íi]a|tag|jour|giorno|dzie[ńn]|день|dag|nap|天|week)"
    r"|(?<![^\W\d_])(?:per|a|por|pro|par|al|за|i|egy)\s+(?:month|mes|monat|mois|mese|miesi[ąa]c|месяц|m[åa]nad|h[óo]nap)"
)
_BALANCE_CONNECTOR = re.compile(
    r"[\s:=]*(?:(?:is|now|of|ist|beträgt|est de|est|es de|es|é de|é|de|är|jest|wynosi|"
    r"составляет|van|новый|new|actual|current|atual|为|是)(?![^\W\d_])[\s:=]*)*"
)

# A balance word, then a few words and a figure with two decimals ("balans:
# zagal'nyi 46,06", "Balance of subscriber: 1.09"), within one sentence.
_BALANCE_AFTER_WORDS = re.compile(
    r"[^\d\n;.!?]{0,40}?[\s:=](?=[-\u2212]?\d{1,9}[.,]\d{2}(?![\d.,]))"
)

_DATA_CUES = {Cue.REMAINING: DataRole.REMAINING, Cue.BALANCE: DataRole.REMAINING,
              Cue.USED: DataRole.USED, Cue.TOTAL: DataRole.TOTAL}  # fmt: skip
# Weak cues give a role only when nothing stronger is said.
_WEAK_DATA_CUES = {Cue.HAVE: DataRole.REMAINING, Cue.PLAN: DataRole.TOTAL}
_ANY_DATA_CUES = {**_DATA_CUES, **_WEAK_DATA_CUES}
_MONEY_CUES = {Cue.BALANCE: MoneyRole.BALANCE, Cue.REMAINING: MoneyRole.BALANCE,
               Cue.TOP_UP: MoneyRole.TOP_UP, Cue.PRICE: MoneyRole.PRICE,
               Cue.USED: MoneyRole.PRICE, Cue.PLAN: MoneyRole.PRICE}  # fmt: skip
_MONEY_OWN_CUES = {*_MONEY_CUES, Cue.HAVE}
_DATE_CUES = {Cue.EXPIRY: True, Cue.VALIDITY: True, Cue.NOT_EXPIRY: False}


@dataclass(frozen=True, slots=True)
class _Context:
    """Where a figure sits.

    The words before it (its own clause, then the rest of its sentence) and the
    words after it up to the next figure or clause break.
    """

    own_cues: list[Cue]
    sentence_cues: list[Cue]
    after: str
    gap_before: str
    previous: Found[object] | None
    offer: bool


class _Reader:
    """Reads the figures of one message against its keyword cues."""

    def __init__(
        self, text: str, entities: Sequence[Found[object]], cues: list[Found[Cue]]
    ) -> None:
        self._text = text
        self._entities = sorted(entities, key=lambda entity: entity.start)
        self._entity_index = {
            (entity.start, entity.end): index
            for index, entity in enumerate(self._entities)
        }
        self._cues = sorted(cues, key=lambda cue: cue.start)
        self._cue_starts = [cue.start for cue in self._cues]
        self._sentences = split_sentences(text, [*self._entities, *self._cues])
        self._sentence_starts = [sentence.start for sentence in self._sentences]
        self._offers = {
            index
            for index, sentence in enumerate(self._sentences)
            if self._is_offer(sentence)
        }

    def _is_offer(self, sentence: Sentence) -> bool:
        if is_menu_line(self._text, sentence):
            return True
        if _PER_PERIOD.search(self._text, sentence.start, sentence.end):
            return True
        return any(
            cue.value is Cue.OFFER
            for cue in self._cues_from(sentence.start, sentence.end)
        )

    def _sentence_index(self, position: int) -> int:
        return bisect_right(self._sentence_starts, position) - 1

    def _cues_from(self, start: int, end: int) -> list[Found[Cue]]:
        """Return the cues that start in ``[start, end)``."""
        first = bisect_left(self._cue_starts, start)
        last = bisect_left(self._cue_starts, end)
        return self._cues[first:last]

    def sentence_of(self, position: int) -> int:
        """Return the index of the sentence ``position`` lies in."""
        return self._sentence_index(position)

    def in_offer(self, position: int) -> bool:
        """Return whether ``position`` lies in an offer or menu sentence."""
        return self._sentence_index(position) in self._offers

    def context(self, entity: Found[object]) -> _Context:
        """Return the words around ``entity``."""
        index = self._sentence_index(entity.start)
        sentence = self._sentences[index]
        position = self._entity_index[entity.start, entity.end]
        previous = self._entities[position - 1] if position > 0 else None
        following = (
            self._entities[position + 1] if position + 1 < len(self._entities) else None
        )
        gap_start = sentence.start
        if previous is not None and previous.end <= entity.start:
            gap_start = max(gap_start, previous.end)
        else:
            previous = None
        gap_before = self._text[gap_start : entity.start]
        breaks = list(_CLAUSE_BREAK.finditer(gap_before))
        own_start = gap_start + breaks[-1].end() if breaks else gap_start
        after_end = (
            sentence.end
            if following is None
            else min(sentence.end, max(following.start, entity.end))
        )
        after = self._text[entity.end : after_end]
        first_break = _CLAUSE_BREAK.search(after)
        return _Context(
            own_cues=self._cues_between(own_start, entity.start),
            sentence_cues=self._cues_between(sentence.start, own_start),
            after=after[: first_break.start()] if first_break else after,
            gap_before=gap_before,
            previous=previous,
            offer=index in self._offers,
        )

    def _cues_between(self, start: int, end: int) -> list[Cue]:
        return [cue.value for cue in self._cues_from(start, end) if cue.end <= end]

    def nearest_cue(self, span: Found[Cue], wanted: Collection[Cue]) -> Cue | None:
        """Return the ``wanted`` cue nearest to ``span`` in its sentence."""
        sentence = self._sentences[self._sentence_index(span.start)]
        candidates = [
            cue
            for cue in self._cues_from(sentence.start, sentence.end)
            if cue.value in wanted
        ]
        if not candidates:
            return None
        nearest = min(
            candidates,
            key=lambda cue: (
                cue.start - span.end if cue.start >= span.end else span.start - cue.end
            ),
        )
        return nearest.value


def _last(cues: list[Cue], wanted: Collection[Cue]) -> Cue | None:
    return next((cue for cue in reversed(cues) if cue in wanted), None)


def _data_figure(
    amount: Found[int], context: _Context, previous_is_amount: bool, sentence: int
) -> tuple[DataFigure, DataRole | None]:
    """Return the figure, and a role its postfix gives the amount before it."""
    bonus = Cue.BONUS in context.own_cues or cue_after(context.after, Cue.BONUS)
    postfix = _postfix_data_role(context.after)
    if previous_is_amount and _TOTAL_CONNECTOR.fullmatch(context.gap_before):
        total = DataFigure(amount.value, DataRole.TOTAL, bonus=bonus, sentence=sentence)
        return total, postfix
    role, weak = _data_role(context, postfix)
    figure = DataFigure(
        amount.value,
        role,
        bonus=bonus,
        aggregate=Cue.TOTAL in context.own_cues and Cue.REMAINING in context.own_cues,
        low_hint=Cue.LOW_HINT in context.own_cues + context.sentence_cues,
        weak=weak,
        sentence=sentence,
    )
    return figure, None


def _postfix_data_role(after: str) -> DataRole | None:
    if cue_after(after, Cue.REMAINING):
        return DataRole.REMAINING
    if cue_after(after, Cue.USED):
        return DataRole.USED
    return None


def _data_role(context: _Context, postfix: DataRole | None) -> tuple[DataRole, bool]:
    """Return the role of a data amount, and whether only a weak cue gave it."""
    own = context.own_cues
    if postfix is not None:
        return postfix, False
    if Cue.TOTAL in own and Cue.REMAINING in own:
        return DataRole.REMAINING, False
    strong = _last(own, _DATA_CUES)
    if strong is not None:
        return _DATA_CUES[strong], False
    if context.offer:
        return DataRole.OFFER, False
    weak = _last(own, _WEAK_DATA_CUES) or _last(context.sentence_cues, _ANY_DATA_CUES)
    if weak is None:
        return DataRole.UNLABELLED, True
    return _ANY_DATA_CUES[weak], True


def _money_role(context: _Context) -> MoneyRole:
    if cue_after(context.after, Cue.TOP_UP):
        return MoneyRole.TOP_UP
    if cue_after(context.after, Cue.REMAINING) or cue_after(context.after, Cue.BALANCE):
        return MoneyRole.BALANCE
    if _PER_PERIOD.match(context.after.lstrip()):
        return MoneyRole.PRICE
    local = _last(context.own_cues, _MONEY_OWN_CUES)
    if local is Cue.HAVE:
        return MoneyRole.BALANCE
    if local is not None:
        return _MONEY_CUES[local]
    if context.offer:
        return MoneyRole.PRICE
    inherited = _last(context.sentence_cues, _MONEY_CUES)
    return MoneyRole.UNLABELLED if inherited is None else _MONEY_CUES[inherited]


def _is_expiry(context: _Context) -> bool:
    if context.offer:
        return False
    if cue_after(context.after, Cue.EXPIRY):
        return True
    local = _last(context.own_cues, _DATE_CUES) or _last(
        context.sentence_cues, _DATE_CUES
    )
    return local is not None and _DATE_CUES[local]


def _is_validity(context: _Context) -> bool:
    if context.offer:
        return False
    if cue_after(context.after, Cue.VALIDITY) or cue_after(context.after, Cue.EXPIRY):
        return True
    local = _last(context.own_cues, _DATE_CUES)
    return local is not None and _DATE_CUES[local]


def _bare_balances(
    text: str,
    cues: list[Found[Cue]],
    taken: SpanSet,
    currency: str | None,
    decimal_comma: bool | None,
) -> list[Found[Money]]:
    """Read figures written without currency right after a balance word."""
    found = []
    for cue in cues:
        if cue.value is not Cue.BALANCE:
            continue
        figure = _bare_figure_after(text, cue.end, decimal_comma)
        if figure is not None and not taken.overlaps(figure.start, figure.end):
            found.append(Found(figure.start, figure.end, Money(figure.value, currency)))
    return found


def _bare_figure_after(
    text: str, position: int, decimal_comma: bool | None
) -> Found[Decimal] | None:
    connector = _BALANCE_CONNECTOR.match(text, position)
    start = position if connector is None else connector.end()
    figure = read_bare_figure(text, start, decimal_comma=decimal_comma)
    if figure is not None:
        return figure
    words = _BALANCE_AFTER_WORDS.match(text, position)
    if words is None:
        return None
    return read_bare_figure(text, words.end(), decimal_comma=decimal_comma)


def read_figures(
    text: str,
    *,
    data: list[Found[int]],
    money: list[Found[Money]],
    dates: list[Found[DateValue]],
    durations: list[Found[timedelta]],
    percentages: list[Found[Decimal]],
    default_currency: str | None,
    decimal_comma: bool | None,
) -> Figures:
    """Give every figure found in ``text`` its role.

    Args:
        text: the message with dates, codes and percentages blanked out.
        data: data amounts found in it.
        money: amounts of money with a currency marker.
        dates: calendar dates (found before blanking).
        durations: periods such as "7 days".
        percentages: percentages (found before blanking).
        default_currency: currency of a balance written without a marker.
        decimal_comma: how the text writes decimals, when known.
    """
    amounts = SpanSet([*data, *money])
    cues = [cue for cue in find_cues(text) if not amounts.overlaps(cue.start, cue.end)]
    taken = SpanSet([*data, *money, *dates, *durations, *percentages])
    bare = _bare_balances(text, cues, taken, default_currency, decimal_comma)
    money = sorted([*money, *bare], key=lambda item: item.start)
    amounts = SpanSet([*data, *money])
    durations = [
        item for item in durations if not amounts.overlaps(item.start, item.end)
    ]
    reader = _Reader(text, [*data, *money, *dates, *durations, *percentages], cues)
    return Figures(
        data=_data_figures(reader, data, percentages),
        money=tuple(
            MoneyFigure(item.value, _money_role(reader.context(item))) for item in money
        ),
        expiry_dates=tuple(
            (reader.sentence_of(item.start), item.value)
            for item in dates
            if _is_expiry(reader.context(item))
        ),
        valid_for=next(
            (item.value for item in durations if _is_validity(reader.context(item))),
            None,
        ),
        unlimited=_unlimited(reader, cues),
    )


def _data_figures(
    reader: _Reader, data: list[Found[int]], percentages: list[Found[Decimal]]
) -> tuple[DataFigure, ...]:
    figures: list[DataFigure] = []
    amounts: list[Found[object]] = [*data, *percentages]
    for amount in data:
        context = reader.context(amount)
        previous_is_amount = (
            context.previous is not None and context.previous in amounts
        )
        sentence = reader.sentence_of(amount.start)
        figure, role_for_previous = _data_figure(
            amount, context, previous_is_amount, sentence
        )
        if role_for_previous is not None and figures and figures[-1].weak:
            figures[-1] = replace(figures[-1], role=role_for_previous, weak=False)
        figures.append(figure)
    return tuple(figures)


def _unlimited(reader: _Reader, cues: list[Found[Cue]]) -> bool:
    """Unlimited counts only when said of data ("unlimited data", "Data: unlimited").

    The nearest data or voice word settles what it is said of: "unlimited
    minutes" or "Talk: Unlimited" are not about data.
    """
    return any(
        cue.value is Cue.UNLIMITED
        and not reader.in_offer(cue.start)
        and reader.nearest_cue(cue, {Cue.DATA, Cue.VOICE}) is Cue.DATA
        for cue in cues
    )
