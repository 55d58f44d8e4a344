"""Write translations into a catalog: python tools/fill_po.py WING FILE.py (a dict DA)."""

from __future__ import annotations

import runpy
import sys

from catalogs import po_path, read, write

wing, source = sys.argv[1], sys.argv[2]
translations = runpy.run_path(source)["DA"]
catalog = read(po_path(wing))
missing = []
for message in catalog:
    if not message.id:
        continue
    if message.id in translations:
        message.string = translations[message.id]
        message.flags.discard("fuzzy")
    elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
        missing.append(message.id)
write(po_path(wing), catalog)
print("\n".join(repr(m) for m in missing) or "all translated")
