"""Worker for the ledger tests: append COUNT events (or forever) to a store.

python append.py STORE WORKER COUNT     (COUNT 0: until killed)
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys

from foreningsregler.events_io import open_ledger
from foreningsregler.ledger import Event


def main() -> None:
    path, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ledger = open_ledger(path)
    known = len(ledger.entries())
    numbers = range(count) if count else itertools.count()
    for number in numbers:
        event = Event("note", dt.date(2016, 3, 17), worker, {"worker": worker, "n": number})
        known = ledger.append(event, lambda new: None, known).seq


if __name__ == "__main__":
    main()
