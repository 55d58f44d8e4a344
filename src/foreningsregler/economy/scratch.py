"""A ledger for a simulated run: in memory, kept only as long as the run.

A protocol's hash chain guards a record against later change; a simulated
run's events are judged by the protocol like any others, then summarised and
thrown away, so nobody can change them and nothing needs the chain. Hashing
each event (its canonical JSON, then SHA-256) was about a tenth of a run.
``ScratchLedger`` keeps the entries as ``MemoryLedger`` does, with the same
gate and all-or-none append (the ``Ledger`` protocol), and no hashes: an
entry's ``prev_hash`` and ``hash`` are empty. Never give it to a protocol
that is to be kept (``MemoryLedger``, ``SqliteLedger``, ``JsonlLedger``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..protocol.ledger import Entry, Event, Gate

#: The hash of every scratch entry: there is no chain.
NO_HASH = ""


class ScratchLedger:
    """A ``Ledger`` without a hash chain, for one thread (a simulated run)."""

    def __init__(self, entries: Sequence[Entry] = ()) -> None:
        """A ledger holding ``entries`` (another scratch ledger's: a run's start)."""
        self._entries: list[Entry] = list(entries)

    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries)

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        return self.append_all((event,), gate, known)[0]

    def append_all(self, events: Sequence[Event], gate: Gate, known: int) -> tuple[Entry, ...]:
        """Show ``gate`` the entries after ``known``; unless it raises, store
        ``events`` (all of them: nothing can fail after the gate)."""
        gate(self._entries[known:])
        first = len(self._entries) + 1
        new = tuple(
            Entry(seq, event, NO_HASH, NO_HASH) for seq, event in enumerate(events, start=first)
        )
        self._entries.extend(new)
        return new
