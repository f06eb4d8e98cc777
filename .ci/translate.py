"""Fill zh_CN msgstr entries from JSON files of {"English": "中文"} (plural: a list; a message
with a context is keyed "context\u0004English"), then list the entries still untranslated.
Used by .ci/update-catalog."""

import json
import sys

from babel.messages.pofile import read_po, write_po

PATH = "resources/locale/zh_CN/LC_MESSAGES/messages.po"

with open(PATH, "rb") as handle:
    catalog = read_po(handle, locale="zh_CN")
translations = {}
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        translations.update(json.load(handle))
for message in catalog:
    key = message.id if isinstance(message.id, str) else message.id[0]
    if message.context:
        key = f"{message.context}\x04{key}"
    if message.id and key in translations:
        value = translations[key]
        message.string = value if isinstance(message.id, str) else tuple(
            value if isinstance(value, list) else [value])
        message.flags.discard("fuzzy")
with open(PATH, "wb") as handle:
    write_po(handle, catalog, width=100, no_location=True, sort_output=True)
missing = [m.id for m in catalog
           if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
print(f"untranslated: {len(missing)}")
for message_id in missing:
    print("  " + json.dumps(message_id, ensure_ascii=False))
