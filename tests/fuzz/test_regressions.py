"""Defects the fuzzing found, each pinned by the input that exposed it.

Python refuses `int()` on more than 4300 decimal digits (ValueError). Readers that took
an unbounded run of digits from a modem line passed any length on, so one line of noise made of digits
raised ValueError out of the library, past the callers that catch `ModemError`.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from custom_components.data_balance.modem import Modem, ModemReplyError, ModemTimeouts
from custom_components.data_balance.modem.channel import AtChannel
from custom_components.data_balance.modem.status import (
    parse_operator,
    parse_registration,
    parse_signal,
)
from custom_components.data_balance.modem.ussd import parse_cusd

from .test_fuzz_framing import _Wire

DIGITS = "9" * 5000


def test_signal_with_an_endless_number_is_unreadable() -> None:
    with pytest.raises(ModemReplyError):
        parse_signal([f"+CSQ: {DIGITS},1"])


def test_registration_with_an_endless_number_is_unknown() -> None:
    assert parse_registration([f"+CEREG: 2,{DIGITS}"]) is None


def test_operator_with_an_endless_access_technology_keeps_the_name() -> None:
    assert parse_operator([f'+COPS: 0,0,"T-Mobile",{DIGITS}']) == ("T-Mobile", None)


def test_ussd_result_with_an_endless_dcs_is_unreadable() -> None:
    with pytest.raises(ModemReplyError):
        parse_cusd(f'+CUSD: 0,"Balance 5.00",{DIGITS}')


async def _modem_answering(reply: bytes) -> tuple[Modem, AtChannel]:
    channel = AtChannel(lambda _: None, lambda _: None)
    channel.connection_made(_Wire())
    modem = Modem(
        channel,
        timeouts=ModemTimeouts(command=1.0),
        retry_delays=(),
        now=lambda: datetime(2026, 11, 25, tzinfo=UTC),
    )

    def answer_next_write() -> None:
        channel.data_received(reply)

    asyncio.get_running_loop().call_soon(answer_next_write)
    return modem, channel


async def test_storage_with_an_endless_count_is_unreadable() -> None:
    modem, _ = await _modem_answering(
        f'\r\n+CPMS: "SM",{DIGITS},30\r\n\r\nOK\r\n'.encode()
    )
    with pytest.raises(ModemReplyError):
        await modem.storage()


async def test_sent_text_with_an_endless_reference_is_still_sent() -> None:
    modem, channel = await _modem_answering(b"\r\n> ")
    loop = asyncio.get_running_loop()
    loop.call_later(
        0.05, channel.data_received, f"\r\n+CMGS: {DIGITS}\r\n\r\nOK\r\n".encode()
    )
    assert await modem.send_sms("6399", "BAL") == [-1]
