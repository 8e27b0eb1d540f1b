"""Reassembly of concatenated SMS: order, duplicates, reads spread out, timeouts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.data_balance.modem.concat import (
    DEFAULT_TIMEOUT,
    Reassembler,
    Sms,
)
from custom_components.data_balance.modem.pdu import (
    ConcatInfo,
    decode_deliver,
    encode_submit,
)
from simulator import pdu as simulator_pdu

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SENT = datetime(2026, 11, 25, 11, 59, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Part:
    """A stand-in for a decoded PDU."""

    sender: str
    text: str
    timestamp: datetime
    concat: ConcatInfo | None


def part(
    sequence: int,
    text: str,
    *,
    total: int = 3,
    reference: int = 7,
    sender: str = "+15550100",
    sent: datetime = SENT,
) -> Part:
    return Part(sender, text, sent, ConcatInfo(reference, total, sequence))


def test_single_message_passes_straight_through() -> None:
    reassembler = Reassembler()
    single = Part("+15550100", "Balance 5.00", SENT, None)
    assert reassembler.add(single, received=T0, storage_index=3) == Sms(
        "+15550100", "Balance 5.00", SENT, storage_indices=(3,)
    )
    assert reassembler.add(single, received=T0) == Sms(
        "+15550100", "Balance 5.00", SENT
    )
    assert reassembler.pending == 0


def test_a_one_part_concatenation_is_a_single_message() -> None:
    sms = Reassembler().add(part(1, "only", total=1), received=T0)
    assert sms == Sms("+15550100", "only", SENT)


def test_parts_out_of_order_join_in_sequence_order() -> None:
    reassembler = Reassembler()
    assert reassembler.add(part(3, "c"), received=T0, storage_index=12) is None
    assert reassembler.add(part(1, "a"), received=T0, storage_index=10) is None
    assert reassembler.pending == 1
    sms = reassembler.add(part(2, "b"), received=T0, storage_index=11)
    assert sms == Sms("+15550100", "abc", SENT, storage_indices=(12, 10, 11))
    assert reassembler.pending == 0


def test_parts_across_several_reads() -> None:
    reassembler = Reassembler()
    assert reassembler.add(part(1, "a"), received=T0) is None
    assert reassembler.expire(T0 + timedelta(minutes=5)) == []
    assert reassembler.add(part(2, "b"), received=T0 + timedelta(minutes=5)) is None
    sms = reassembler.add(part(3, "c"), received=T0 + timedelta(minutes=9))
    assert sms is not None
    assert (sms.text, sms.partial) == ("abc", False)


def test_duplicates_are_ignored_but_their_slots_are_reported() -> None:
    reassembler = Reassembler()
    reassembler.add(part(1, "a"), received=T0, storage_index=1)
    reassembler.add(part(1, "a (again)"), received=T0, storage_index=4)
    reassembler.add(part(2, "b"), received=T0, storage_index=2)
    sms = reassembler.add(part(3, "c"), received=T0, storage_index=3)
    assert sms is not None
    assert sms.text == "abc"
    assert sms.storage_indices == (1, 4, 2, 3)


def test_timestamp_is_the_earliest_of_the_parts() -> None:
    reassembler = Reassembler()
    reassembler.add(
        part(2, "b", total=2, sent=SENT + timedelta(seconds=2)), received=T0
    )
    sms = reassembler.add(part(1, "a", total=2), received=T0)
    assert sms is not None
    assert sms.timestamp == SENT


def test_messages_are_kept_apart_by_sender_reference_and_total() -> None:
    reassembler = Reassembler()
    reassembler.add(part(1, "A1", total=2, sender="+1"), received=T0)
    reassembler.add(part(1, "B1", total=2, sender="+2"), received=T0)
    reassembler.add(part(1, "C1", total=2, reference=8, sender="+1"), received=T0)
    reassembler.add(part(1, "D1", total=3, sender="+1"), received=T0)
    assert reassembler.pending == 4
    sms = reassembler.add(part(2, "B2", total=2, sender="+2"), received=T0)
    assert sms is not None
    assert (sms.sender, sms.text) == ("+2", "B1B2")


def test_expire_gives_up_after_the_timeout_with_missing_parts_noted() -> None:
    reassembler = Reassembler()
    reassembler.add(part(1, "a"), received=T0, storage_index=1)
    reassembler.add(part(3, "c"), received=T0 + timedelta(minutes=9), storage_index=3)
    assert reassembler.expire(T0 + DEFAULT_TIMEOUT) == []
    expired = reassembler.expire(T0 + DEFAULT_TIMEOUT + timedelta(seconds=1))
    assert expired == [
        Sms(
            "+15550100",
            "ac",
            SENT,
            partial=True,
            storage_indices=(1, 3),
            missing_parts=(2,),
        )
    ]
    assert reassembler.pending == 0
    assert reassembler.expire(T0 + timedelta(hours=1)) == []


def test_expire_returns_oldest_first_and_keeps_fresh_ones() -> None:
    reassembler = Reassembler(timeout=timedelta(minutes=1))
    reassembler.add(part(1, "late", sender="+2"), received=T0 + timedelta(seconds=30))
    reassembler.add(part(1, "early", sender="+1"), received=T0)
    reassembler.add(part(1, "fresh", sender="+3"), received=T0 + timedelta(minutes=5))
    expired = reassembler.expire(T0 + timedelta(minutes=5))
    assert [sms.sender for sms in expired] == ["+1", "+2"]
    assert all(sms.partial and sms.missing_parts == (2, 3) for sms in expired)
    assert reassembler.pending == 1


def test_pending_state_is_bounded() -> None:
    reassembler = Reassembler(max_pending=2)
    for minute in range(5):
        reassembler.add(
            part(1, f"m{minute}", reference=minute),
            received=T0 + timedelta(minutes=minute),
        )
        assert reassembler.pending <= 2
    given_up = reassembler.expire(T0 + timedelta(minutes=5))
    assert [sms.text for sms in given_up] == ["m0", "m1", "m2"]
    assert all(sms.partial for sms in given_up)
    assert reassembler.pending == 2


def test_max_pending_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_pending"):
        Reassembler(max_pending=0)


def test_invalid_sequence_reads_as_a_single_message() -> None:
    sms = Reassembler().add(part(5, "stray", total=3), received=T0)
    assert sms == Sms("+15550100", "stray", SENT)


def test_surrogate_pair_split_across_parts_is_joined() -> None:
    # Some phones cut a UCS2 message inside a surrogate pair.
    first = "0041D83D"
    second = "DE000042"
    reassembler = Reassembler()
    for sequence, body in enumerate((first, second), start=1):
        header = f"0500030902{sequence:02X}"
        pdu = (
            f"004404812143000852112190048080{len(header + body) // 2:02X}{header}{body}"
        )
        sms = reassembler.add(decode_deliver(pdu), received=T0)
    assert sms is not None
    assert sms.text == "A😀B"


def test_a_lone_half_in_a_partial_message_is_replaced() -> None:
    reassembler = Reassembler()
    reassembler.add(part(1, "A\ud83d", total=2), received=T0)
    (sms,) = reassembler.expire(T0 + timedelta(hours=1))
    assert sms.text == "A\ufffd"


@settings(max_examples=200)
@given(
    text=st.text(min_size=1, max_size=600),
    reference=st.integers(0, 255),
    data=st.data(),
)
def test_any_order_of_simulator_deliveries_reassembles(
    text: str, reference: int, data: st.DataObject
) -> None:
    texts = simulator_pdu.split_for_delivery(text)
    pdus = [
        simulator_pdu.encode_deliver(
            "+15550100",
            chunk,
            SENT,
            concat=(reference, len(texts), index) if len(texts) > 1 else None,
        )[0]
        for index, chunk in enumerate(texts, start=1)
    ]
    order = data.draw(st.permutations(range(len(pdus))))
    # Parts read twice (a second listing before deletion) come first.
    repeats = data.draw(st.lists(st.sampled_from(order), max_size=3))
    reassembler = Reassembler()
    results = [
        reassembler.add(decode_deliver(pdus[index]), received=T0, storage_index=index)
        for index in [*repeats, *order]
    ]
    complete = [sms for sms in results if sms is not None]
    assert complete[-1].text == text
    assert sorted(set(complete[-1].storage_indices)) == list(range(len(pdus)))


@given(text=st.text(min_size=1, max_size=400), reference=st.integers(0, 255))
def test_library_submits_delivered_by_the_simulator_reassemble(
    text: str, reference: int
) -> None:
    """Our own split, carried through the simulator's encoder and back."""
    parts = encode_submit("+15550100", text, reference)
    reassembler = Reassembler()
    joined = None
    for submit in reversed(parts):
        sent = simulator_pdu.decode_submit(submit.hex, submit.tpdu_length)
        concat = None if sent.concat is None else sent.concat[:3]
        pdu, _ = simulator_pdu.encode_deliver(
            "+15550100", sent.text, SENT, encoding=sent.encoding, concat=concat
        )
        joined = reassembler.add(decode_deliver(pdu), received=T0) or joined
    assert joined is not None
    assert joined.text == text
