#!/usr/bin/env python3
"""Writes a line-aligned source/target pair as XLIFF 1.2, XLIFF 2.0 and PO.

  pairs_to_bilingual.py SOURCE.ru TARGET.en OUT_PREFIX

Writes OUT_PREFIX.xlf, OUT_PREFIX.xliff and OUT_PREFIX.po, one unit per
line pair, so `termcheck check OUT_PREFIX.xlf` can be compared with
`termcheck check --source SOURCE.ru TARGET.en` (docs/source-check.md).
The output is derived from the corpus: write it outside the repository
(or under bench/out/) and never commit it.
"""
import html
import sys


def main():
    src, tgt, out = sys.argv[1:4]
    with open(src, encoding="utf-8") as f:
        source = f.read().rstrip("\n").split("\n")
    with open(tgt, encoding="utf-8") as f:
        target = f.read().rstrip("\n").split("\n")
    if len(source) != len(target):
        sys.exit(f"{src} has {len(source)} lines but {tgt} has {len(target)}")
    pairs = list(zip(source, target))

    def xml(s):
        return html.escape(s, quote=False)

    def po(s):
        return s.replace("\\", "\\\\").replace('"', '\\"')

    with open(out + ".xlf", "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
                '<file original="a" source-language="ru" target-language="en" '
                'datatype="plaintext"><body>\n')
        for i, (s, t) in enumerate(pairs):
            f.write(f'<trans-unit id="{i}">\n<source>{xml(s)}</source>\n'
                    f'<target>{xml(t)}</target>\n</trans-unit>\n')
        f.write("</body></file></xliff>\n")
    with open(out + ".xliff", "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '
                'srcLang="ru" trgLang="en"><file id="f">\n')
        for i, (s, t) in enumerate(pairs):
            f.write(f'<unit id="u{i}"><segment>\n<source>{xml(s)}</source>\n'
                    f'<target>{xml(t)}</target>\n</segment></unit>\n')
        f.write("</file></xliff>\n")
    with open(out + ".po", "w", encoding="utf-8") as f:
        f.write('msgid ""\nmsgstr ""\n"Language: en\\n"\n'
                '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
        for i, (s, t) in enumerate(pairs):
            f.write(f'msgctxt "{i}"\nmsgid "{po(s)}"\nmsgstr "{po(t)}"\n\n')


if __name__ == "__main__":
    main()
