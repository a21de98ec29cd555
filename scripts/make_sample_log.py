#!/usr/bin/env python3
"""Writes data/access.log: a deterministic nginx "combined" access log of
views of the sample articles (data/articles.jsonl), for the demo's Popular
lists and for trying `newsindex views`. It holds what a real log holds:
readers in several time zones, reloads, crawlers, static files, a 404 and a
malformed line.

  scripts/make_sample_log.py [ARTICLES] [OUT]
"""
import json, random, sys, datetime as dt
from urllib.parse import urlparse

ARTICLES = sys.argv[1] if len(sys.argv) > 1 else 'data/articles.jsonl'
OUT = sys.argv[2] if len(sys.argv) > 2 else 'data/access.log'
HUMANS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
          'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0']
BOT = 'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)'
ZONES = [dt.timezone(dt.timedelta(hours=h)) for h in (5, 6, 3, 0)]


def path_of(a):
    return urlparse(a['url']).path if a.get('url') else '/a/' + a['id']


def main():
    rnd = random.Random(2024)
    arts = [json.loads(l) for l in open(ARTICLES, encoding='utf-8')]
    # The window of the demo: the week of Nauryz 2024; some articles are popular.
    start = dt.datetime(2024, 3, 18, tzinfo=dt.timezone.utc)
    weights = [rnd.choice([1, 1, 2, 3, 8, 20]) for _ in arts]
    events = []
    for _ in range(3000):
        a = rnd.choices(arts, weights)[0]
        t = start + dt.timedelta(seconds=rnd.randrange(7 * 86400))
        visitor = rnd.randrange(400)
        ip = f'10.{visitor // 250}.{visitor % 250}.{visitor % 7 + 1}'
        events.append((t, ip, HUMANS[visitor % 3], 'GET', path_of(a), 200))
        if rnd.random() < 0.1:  # a reload a minute later
            events.append((t + dt.timedelta(seconds=60), ip, HUMANS[visitor % 3], 'GET', path_of(a), 200))
        if rnd.random() < 0.05:
            events.append((t, '66.249.66.1', BOT, 'GET', path_of(a), 200))
        if rnd.random() < 0.03:
            events.append((t, ip, HUMANS[visitor % 3], 'GET', '/static/app.js', 200))
    events.append((start, '10.9.9.9', HUMANS[0], 'GET', '/en/no-such-article', 404))
    events.sort(key=lambda e: e[0])
    with open(OUT, 'w', encoding='utf-8') as f:
        for i, (t, ip, ua, method, path, status) in enumerate(events):
            if i == 100:
                f.write('this line is not a log line\n')
            local = t.astimezone(ZONES[int(ip.split(".")[2]) % 4])
            f.write(f'{ip} - - [{local.strftime("%d/%b/%Y:%H:%M:%S %z")}] "{method} {path} HTTP/1.1" '
                    f'{status} {rnd.randint(300, 9000)} "-" "{ua}"\n')
    print(f'{len(events)} requests written to {OUT}', file=sys.stderr)


if __name__ == '__main__':
    main()
