#!/usr/bin/env python3
"""Convert article JSON Lines into scriptindex's input format (name=value
lines, one blank line between records; continuation lines start with '=').

  jsonl_to_scriptindex.py IN.jsonl[.gz] OUT_PREFIX

Writes one OUT_PREFIX.<lang>.txt per language, so each can be indexed with
its own stemmer.
"""
import gzip, json, sys

FIELDS = ['id', 'lang', 'title', 'lead', 'body', 'published', 'url', 'category', 'author']


def value_lines(name, value):
    lines = str(value).replace('\r', '').split('\n')
    return [f'{name}={lines[0]}'] + [f'={rest}' for rest in lines[1:]]


def main():
    src, prefix = sys.argv[1], sys.argv[2]
    outs = {}
    op = gzip.open if src.endswith('.gz') else open
    with op(src, 'rt', encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            lang = d['lang']
            if lang not in outs:
                outs[lang] = open(f'{prefix}.{lang}.txt', 'a', encoding='utf-8')
            rec = []
            for name in FIELDS:
                if d.get(name):
                    rec += value_lines(name, d[name])
            for tag in d.get('tags') or []:
                rec += value_lines('tags', tag)
            outs[lang].write('\n'.join(rec) + '\n\n')
    for o in outs.values():
        o.close()


if __name__ == '__main__':
    main()
