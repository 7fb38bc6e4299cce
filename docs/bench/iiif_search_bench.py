#!/usr/bin/env python3
"""IIIF Content Search on imported ALTO: are the hits word-exact, and how fast.

Usage: iiif_search_bench.py SOLR_COLLECTION_URL ALTO_FILE DOC_ID [N_WORDS]
The ALTO file must have been ingested (grounded-ocr ingest) as DOC_ID. Picks N distinct words
(letters only, >= 5 characters) of the file, asks /iiif/<doc>/search?q=<word> for each and checks
that every ALTO occurrence of the word comes back with exactly its String box as canvas#xywh.
Then times manifest, /ocr/alto, per-document and collection-wide search.
"""
import json, random, re, statistics, sys, time, urllib.parse, urllib.request
import xml.etree.ElementTree as ET

base, alto, doc = sys.argv[1], sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 30
boxes = {}
for el in ET.parse(alto).iter():
    if el.tag.endswith('String'):
        w = el.get('CONTENT', '')
        if re.fullmatch(r'[^\W\d_]{5,}', w):
            boxes.setdefault(w, []).append(tuple(int(float(el.get(k))) for k in ('HPOS', 'VPOS', 'WIDTH', 'HEIGHT')))
random.seed(17)
words = random.sample(sorted(boxes), min(n, len(boxes)))

def get(path):
    t = time.perf_counter()
    with urllib.request.urlopen(base + path) as r:
        body = r.read()
    return (time.perf_counter() - t) * 1000, body

exact = found = expected = 0
for w in words:
    _, body = get('/iiif/%s/search?q=%s' % (doc, urllib.parse.quote(w)))
    targets = {tuple(int(v) for v in a['target'].split('#xywh=')[1].split(',')) for a in json.loads(body)['items']}
    for b in boxes[w]:
        expected += 1
        exact += b in targets
print('words %d, occurrences %d, returned with their exact ALTO box %d (%.1f %%)' % (len(words), expected, exact, 100.0 * exact / max(1, expected)))

def timed(label, paths, reps=3):
    for p in paths[:3]:
        get(p)  # warm
    ms = [get(p)[0] for _ in range(reps) for p in paths]
    ms.sort()
    print('%-28s n=%3d  median %6.1f ms  p90 %6.1f ms' % (label, len(ms), statistics.median(ms), ms[int(0.9 * (len(ms) - 1))]))

q = [urllib.parse.quote(w) for w in words]
timed('manifest', ['/iiif/%s/manifest' % doc])
timed('/ocr/alto (whole doc)', ['/ocr/alto?doc=%s' % doc])
timed('search 2.0, one document', ['/iiif/%s/search?q=%s' % (doc, x) for x in q])
timed('search 1.0, one document', ['/iiif/%s/search1?q=%s' % (doc, x) for x in q])
timed('search 2.0, collection', ['/iiif/search?q=%s' % x for x in q])
