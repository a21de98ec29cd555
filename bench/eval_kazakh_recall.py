#!/usr/bin/env python3
"""Cross-script recall on the Kazakh corpora: does a single word, typed in
any script or informal convention, find the article it came from?

  bench/eval_kazakh_recall.py [BUILD_DIR] [--lang L] [--show SCRIPT]

Articles: the KazNERD sentences (Cyrillic), five consecutive sentences to
an article, and the 400 Kazinform qz-Latin articles, in one index. Queries
are words of those articles, chosen by the rules below; each is written in
Cyrillic, both Latin alphabets, the Arabic script (standard, and with the
variants people type: the hamza ء or none, Persian letters, tatweel,
presentation forms) and informal ASCII in four conventions. A query finds
its article when the article is in the first ten results. The report gives
recall@10 and MRR (over the first ten) per script, with no edition given,
or the edition L given with --lang. --show SCRIPT prints the misses.

Query rules (deterministic, so the set can be rebuilt):
- a word of 5-20 letters, all Cyrillic (or qz Latin), no digit;
- its "family" (articles holding a word that begins with its first
  max(3, n/2) letters, n its length, rounded up) holds at most 5 articles, so that the
  article can be first ten whatever the ranking;
- kinds: "name" (a one-word KazNERD entity: place, person, organisation,
  nation, facility, or a capitalised Kazinform word), "inflected" (ending in
  a case, possessive or plural ending), "noun" (the rest, lower case);
- at most 150 of each kind from KazNERD and 60 from Kazinform, taken in the
  order of a hash of the word;
- "another form": an inflected word with its case ending taken (one that is
  never part of a stem: -ның, -дан, -мен, -ға ...), 4+ letters left; the
  article holds the inflected word, the query is the other form.
"""
import gzip, hashlib, json, os, re, socket, subprocess, sys, tempfile, time, unicodedata, urllib.parse, \
    urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPORA = os.path.join(ROOT, '..', 'shared', 'corpora')
KAZNERD = os.path.join(CORPORA, 'kk-kaznerd-sentences.jsonl.gz')
KAZINFORM = os.path.join(CORPORA, 'kk-latn-kazinform.jsonl.gz')
SENTENCES_PER_ARTICLE = 5
NAME_TYPES = {'GPE', 'PERSON', 'LOCATION', 'ORGANISATION', 'NORP', 'FACILITY'}
ENDINGS = ('ның нің дың дің тың тің ға ге қа ке на не да де та те нда нде дан ден тан тен нан нен '
           'ны ні ды ді ты ті мен бен пен лар лер дар дер тар тер сы сі').split()

CASE_ENDINGS = ('ндағы ндегі дағы дегі тағы тегі ның нің дың дің тың тің нан нен дан ден тан тен мен бен пен '
                'ға ге қа ке').split()

# --- writing a Cyrillic word in each script ------------------------------------------

CYRILLIC = 'аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяё'


def letter_table(latin):
    assert len(latin.split()) == len(CYRILLIC)
    return dict(zip(CYRILLIC, latin.split()))


QZ = letter_table('a á b v g ǵ d e j z ı ı k q l m n ń o ó p r s t ý u ú f h h ts ch sh sh _ y i _ e ıý ıa ıo')
Y2021 = letter_table('a ä b v g ğ d e j z i i k q l m n ñ o ö p r s t u ū ü f h h ts ch ş ş _ y ı _ e iu ia io')
# Informal ASCII, as people type: English habits (kh for х), kh for қ too,
# q for қ with j for ж, and x for х with e for ә.
INFORMAL_BASE = letter_table('a a b v g g d e zh z i y k k l m n n o o p r s t u u u f kh h ts ch sh shch _ y i _ e '
                         'yu ya yo')
INFORMAL = {
    'ascii-en': {},
    'ascii-kh': {'қ': 'kh', 'ғ': 'gh', 'ң': 'ng'},
    'ascii-q': {'қ': 'q', 'ғ': 'gh', 'ж': 'j', 'ң': 'ng', 'х': 'h', 'і': 'i', 'ы': 'y'},
    'ascii-x': {'қ': 'q', 'х': 'x', 'ә': 'e', 'ү': 'u', 'й': 'i'},
}
ARAB = letter_table('ا ا ب ۆ گ ع د ە ج ز ي ي ك ق ل م ن ڭ و و پ ر س ت ۋ ۇ ۇ ف ح ھ تس چ ش ش _ ى ى _ ە يۋ يا يو')
FRONT = set('әөүіеэ')
PRESENTATION = {'ا': '\ufe8d', 'ب': '\ufe8f', 'ت': '\ufe95', 'ر': '\ufead', 'ز': '\ufeaf', 'س': '\ufeb1',
                'ل': '\ufedd', 'م': '\ufee1', 'ن': '\ufee5', 'ق': '\ufed5', 'د': '\ufea9'}


def by_table(word, table, overrides=None):
    out = []
    for ch in word:
        low = ch.lower()
        t = (overrides or {}).get(low, table.get(low, low)).replace('_', '')
        out.append(t[:1].upper() + t[1:] if ch != low and t else t)
    return ''.join(out)


def to_arabic(word):
    low = word.lower()
    text = ''.join(ARAB.get(c, c).replace('_', '') for c in low)
    if FRONT & set(low) and not set('ەكگ') & set(text):
        text = '\u0674' + text
    return text


def arabic_variant(word, salt):
    """The standard spelling with one kind of variant people type, picked by the word's hash."""
    text = to_arabic(word)
    kind = int(hashlib.md5((salt + word).encode()).hexdigest(), 16) % 4
    if kind == 0:  # the hamza as ء, or left out
        return text.replace('\u0674', '\u0621' if len(word) % 2 else '')
    if kind == 1:  # Persian letters
        return text.translate(str.maketrans({'ى': 'ی', 'ي': 'ی', 'ك': 'ک', 'ە': 'ه'}))
    if kind == 2:  # tatweel after the first joining letter
        return text[:2] + '\u0640' + text[2:] if len(text) > 2 else text
    return ''.join(PRESENTATION.get(c, c) for c in text)


def spellings(word):
    out = {'Cyrl': word, 'Latn-qz': by_table(word, QZ), 'Latn-2021': by_table(word, Y2021), 'Arab': to_arabic(word),
           'Arab-variants': arabic_variant(word, 'a')}
    for name, overrides in INFORMAL.items():
        out[name] = by_table(word, INFORMAL_BASE, overrides)
    return out


# qz Latin -> Cyrillic, for the Kazinform words (digraphs first).
QZ_BACK = [('sh', 'ш'), ('ch', 'ч'), ('ts', 'ц')] + [(l, c) for c, l in QZ.items() if len(l) == 1 and c not in 'йһъь']


def qz_to_cyrillic(word):
    out, i = [], 0
    while i < len(word):
        for latin, cyr in QZ_BACK:
            piece = word[i:i + len(latin)]
            if piece.lower() == latin:
                out.append(cyr.upper() if piece[0].isupper() else cyr)
                i += len(latin)
                break
        else:
            return None
    return ''.join(out)


# --- the articles and the queries --------------------------------------------------

def kaznerd_articles():
    articles, names, sentences = [], set(), []
    for line in gzip.open(KAZNERD, 'rt', encoding='utf-8'):
        s = json.loads(line)
        sentences.append(s['text'])
        names.update(t for t, kind in s['entities'] if kind in NAME_TYPES and ' ' not in t)
        if len(sentences) == SENTENCES_PER_ARTICLE:
            articles.append(sentences)
            sentences = []
    docs = [{'id': f'kaznerd-{i}', 'lang': 'kk', 'title': s[0], 'body': ' '.join(s[1:]),
             'published': '2024-01-01T00:00:00Z'} for i, s in enumerate(articles)]
    return docs, names


def words_of(doc):
    return re.findall(r'\w+', doc['title'] + ' ' + doc.get('lead', '') + ' ' + doc.get('body', ''))


def folded(cyrillic):
    """Lower case with the letters the index does not tell apart merged (analysis/kazakh.h)."""
    low = cyrillic.lower()
    for a, b in (('й', 'и'), ('я', 'иа'), ('ю', 'иу'), ('ё', 'ио'), ('ц', 'тс'), ('щ', 'ш'), ('һ', 'х'), ('э', 'е'),
                 ('ъ', ''), ('ь', '')):
        low = low.replace(a, b)
    return low


def families(corpora):
    """For each 3+-letter Cyrillic prefix, the articles holding a word that begins with it."""
    index = {}
    for docs, to_cyrillic in corpora:
        for d in docs:
            for w in set(folded(to_cyrillic(x) or '') for x in words_of(d)):
                for n in range(3, min(len(w), 20) + 1):
                    index.setdefault(w[:n], set()).add(d['id'])
    return index


def kind_of(word, cyrillic, names):
    if (word in names) if names is not None else word[0].isupper():
        return 'name'
    low = cyrillic.lower()
    if any(low.endswith(e) and len(low) - len(e) >= 3 for e in ENDINGS):
        return 'inflected'
    return 'noun' if word == word.lower() else None


def choose(docs, names, limit, to_cyrillic, letters, family):
    seen, picked = set(), {'name': [], 'inflected': [], 'noun': []}
    candidates = []
    for d in docs:
        for w in words_of(d):
            if w in seen or not (5 <= len(w) <= 20) or not re.fullmatch(letters, w.lower()):
                continue
            seen.add(w)
            cyr = to_cyrillic(w)
            if not cyr or len(family.get(folded(cyr)[:max(3, (len(w) + 1) // 2)], ())) > 5:
                continue
            kind = kind_of(w, cyr, names)
            if kind:
                candidates.append((hashlib.md5(w.encode()).hexdigest(), kind, cyr, d['id']))
    picked['another form'] = []
    for _, kind, cyr, target in sorted(candidates):
        if len(picked[kind]) < limit:
            picked[kind].append((cyr, target))
        other = another_form(cyr)
        if kind == 'inflected' and other and len(picked['another form']) < limit:
            picked['another form'].append((other, target))
    return [(kind, w, t) for kind, items in picked.items() for w, t in items]


def another_form(cyrillic):
    """The word without its case ending (an ending that is never part of a stem), 4+ letters left."""
    for e in CASE_ENDINGS:
        if cyrillic.lower().endswith(e) and len(cyrillic) - len(e) >= 4:
            return cyrillic[:-len(e)]
    return None


# --- searching ---------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def search(port, text, lang):
    params = {'q': text, 'limit': '10'}
    if lang:
        params['lang'] = lang
    url = f'http://127.0.0.1:{port}/api/search?' + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url) as r:
        return [h['id'] for h in json.load(r)['results']]


def serve(build, db):
    port = free_port()
    proc = subprocess.Popen([os.path.join(build, 'newssearch'), '--db', db, 'serve', '--listen', f'127.0.0.1:{port}'],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f'http://127.0.0.1:{port}/readyz').read()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit('eval_kazakh_recall: the service did not start')


def main():
    args = sys.argv[1:]
    lang = args[args.index('--lang') + 1] if '--lang' in args else None
    show = args[args.index('--show') + 1] if '--show' in args else None
    rest = [a for i, a in enumerate(args) if not a.startswith('--') and (i == 0 or args[i - 1] not in ('--lang', '--show'))]
    build = rest[0] if rest else os.path.join(ROOT, 'build')
    if not os.path.exists(KAZNERD) or not os.path.exists(KAZINFORM):
        print('eval_kazakh_recall: skipped: ../shared/corpora is absent (it is not part of a fresh clone)')
        return
    kaznerd, names = kaznerd_articles()
    kazinform = [json.loads(l) for l in gzip.open(KAZINFORM, 'rt', encoding='utf-8')]
    family = families([(kaznerd, lambda w: w), (kazinform, qz_to_cyrillic)])
    queries = [('kaznerd',) + q for q in choose(kaznerd, names, 150, lambda w: w, r'[а-яәғқңөұүһіё]+', family)]
    queries += [('kazinform',) + q for q in choose(kazinform, None, 60, qz_to_cyrillic, r'[a-záǵıńóúý]+', family)]
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, 'articles.jsonl')
        with open(path, 'w', encoding='utf-8') as f:
            for d in kaznerd + kazinform:
                f.write(json.dumps(d, ensure_ascii=False) + '\n')
        db = os.path.join(work, 'db')
        subprocess.run([os.path.join(build, 'newsindex'), '--db', db, 'add', path], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        proc, port = serve(build, db)
        try:
            scores, by_kind = {}, {}
            for corpus, kind, word, target in queries:
                for script, text in spellings(word).items():
                    ids = search(port, text, lang)
                    rank = ids.index(target) + 1 if target in ids else 0
                    scores.setdefault(script, []).append(rank)
                    by_kind.setdefault((script, kind), []).append(rank)
                    if show == script and not rank:
                        print(f'miss {script:14} {kind:10} {corpus:10} {word} -> {text}')
        finally:
            proc.terminate()
            proc.wait()
    kinds = {k: sum(1 for q in queries if q[1] == k) for k in ('name', 'inflected', 'noun', 'another form')}
    print(f'Kazakh cross-script recall: {len(queries)} queries ({kinds}), '
          f'{len(kaznerd)} KazNERD + {len(kazinform)} Kazinform articles, edition {lang or "not given"}')
    print(f"{'script':16}{'recall@10':>10}{'MRR':>8}   recall@10 by kind: " + ', '.join(kinds))
    recall = lambda ranks: sum(1 for r in ranks if r) / len(ranks)
    for script, ranks in scores.items():
        mrr = sum(1 / r for r in ranks if r) / len(ranks)
        per_kind = ' '.join(f'{recall(by_kind[(script, k)]):6.3f}' for k in kinds)
        print(f'{script:16}{recall(ranks):10.3f}{mrr:8.3f}   {per_kind}')


if __name__ == '__main__':
    main()
