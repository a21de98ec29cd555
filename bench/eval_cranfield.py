#!/usr/bin/env python3
"""Search quality on the Cranfield collection (../shared/eval/cranfield):
nDCG@10 and MAP for newsidx (any-words mode, as the queries are English
sentences) and, in the same run, for Xapian's plain BM25 (an index built by
scriptindex with the English stemmer, searched with `quest`) and SQLite
FTS5's bm25() (porter unicode61 tokenizer).

  bench/eval_cranfield.py [BUILD_DIR]

The parameters chosen by cross-validation: build/bench/eval_ranking.

nDCG@10 uses the judgments' gains (1-4) with a log2(rank + 1) discount; MAP
counts any judged document as relevant. Queries without judgments are left out.
"""
import gzip, json, math, os, re, sqlite3, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CRAN = os.path.join(ROOT, '..', 'shared', 'eval', 'cranfield')
DEPTH = 100


def load():
    queries = []
    for line in open(os.path.join(CRAN, 'queries.tsv'), encoding='utf-8'):
        qid, text = line.rstrip('\n').split('\t', 1)
        queries.append((qid, text))
    qrels = {}
    for line in open(os.path.join(CRAN, 'qrels.txt')):
        qid, _, doc, gain = line.split()
        if int(gain) > 0:
            qrels.setdefault(qid, {})[doc] = int(gain)
    docs = [json.loads(l) for l in gzip.open(os.path.join(CRAN, 'docs.jsonl.gz'), 'rt', encoding='utf-8')]
    return queries, qrels, docs


def ndcg10(ranked, judged):
    dcg = sum(judged.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(judged.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def average_precision(ranked, judged):
    hits, total = 0, 0.0
    for i, d in enumerate(ranked):
        if d in judged:
            hits += 1
            total += hits / (i + 1)
    return total / len(judged) if judged else 0.0


def run_newsidx(build, work, docs_path, queries, extra=()):
    db = os.path.join(work, 'newsidx')
    if not os.path.exists(db):
        subprocess.run([os.path.join(build, 'newsindex'), '--db', db, 'add', docs_path], check=True,
                       stderr=subprocess.DEVNULL)
    out = {}
    for qid, text in queries:
        r = subprocess.run([os.path.join(build, 'newssearch'), '--db', db, 'query', '--any', *extra, '--lang', 'en',
                            '--all-copies', '--limit', str(DEPTH), '--json', text],
                           check=True, capture_output=True, text=True)
        out[qid] = [h['id'] for h in json.loads(r.stdout)['results']]
    return out


def run_quest(work, docs_path, queries):
    txt = os.path.join(work, 'si')
    subprocess.run([sys.executable, os.path.join(HERE, 'jsonl_to_scriptindex.py'), docs_path, txt], check=True)
    db = os.path.join(work, 'xapian-plain')
    subprocess.run(['scriptindex', '--stemmer=english', db, os.path.join(HERE, 'scriptindex.index'), txt + '.en.txt'],
                   check=True, stdout=subprocess.DEVNULL)
    out = {}
    for qid, text in queries:
        r = subprocess.run(['quest', '-d', db, '-s', 'english', '-m', str(DEPTH), text],
                           check=True, capture_output=True, text=True)
        out[qid] = re.findall(r'^id=(\S+)$', r.stdout, re.M)
    return out


def run_fts5(docs, queries):
    con = sqlite3.connect(':memory:')
    con.execute("CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61')")
    con.executemany('INSERT INTO d VALUES (?, ?, ?)', [(x['id'], x['title'], x.get('body', '')) for x in docs])
    out = {}
    for qid, text in queries:
        words = re.findall(r'\w+', text.lower())
        match = ' OR '.join('"%s"' % w for w in words)
        rows = con.execute('SELECT id FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT ?', (match, DEPTH)).fetchall()
        out[qid] = [r[0] for r in rows]
    return out


def main():
    if not os.path.exists(os.path.join(CRAN, 'qrels.txt')):
        print('eval_cranfield: skipped: ../shared/eval/cranfield is absent (it is not part of a fresh clone)')
        return
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'build')
    queries, qrels, docs = load()
    queries = [(q, t) for q, t in queries if q in qrels]
    docs_path = os.path.join(CRAN, 'docs.jsonl.gz')
    with tempfile.TemporaryDirectory() as work:
        systems = [('newsidx (any-words)', run_newsidx(build, work, docs_path, queries)),
                   ('newsidx --any --feedback', run_newsidx(build, work, docs_path, queries, ['--feedback'])),
                   ('Xapian BM25 (quest)', run_quest(work, docs_path, queries)),
                   ('SQLite FTS5 bm25()', run_fts5(docs, queries))]
    print(f'Cranfield: {len(docs)} documents, {len(queries)} judged queries')
    print(f"{'system':26}{'nDCG@10':>10}{'MAP':>10}")
    for name, runs in systems:
        n = sum(ndcg10(runs[q], qrels[q]) for q, _ in queries) / len(queries)
        m = sum(average_precision(runs[q], qrels[q]) for q, _ in queries) / len(queries)
        print(f'{name:26}{n:10.4f}{m:10.4f}')


if __name__ == '__main__':
    main()
