#!/usr/bin/env python3
"""grounded-ocr and dbmdz/solr-ocrhighlighting side by side on the same ALTO files (issue 17, item 5).

Usage:
  ocrhl_side_by_side.py --ours URL --theirs URL [--index-theirs] [--runs N] ALTO_FILE...

--ours    a grounded-ocr collection (e.g. http://127.0.0.1:28983/solr/lib) into which the ALTO files
          were ingested with `grounded-ocr ingest` (one document per file);
--theirs  a collection created from solr-ocrhighlighting's example configset
          (example/solr/core/conf: field `ocr_text` of type `text_ocr`);
--index-theirs  first index every file there as one document {id: file stem, source: path,
          ocr_text: the ALTO itself} — the plugin's documented "OCR stored in the index" way.

Both get the same fixed QUERIES (words and phrases of the files' own text, accented and Fraktur
spellings included). Per query: the occurrences in the ALTO text (case-insensitive token match, the
truth), the hits and highlighted boxes each engine returns, and the IoU of every highlighted box with
the best-overlapping ALTO <String> box of its file. Then each query is repeated --runs times
(after one warm-up round) and the latency of one HTTP request is reported (median, p95):
ours = IIIF Content Search 2.0 over the collection (`/iiif/search?q=`), theirs = `/select` with
OCR highlighting and absolute coordinates (what a IIIF search layer in front of it would call).

Nothing of solr-ocrhighlighting is imported: it is talked to over HTTP only.
"""
import argparse, collections, json, os, re, statistics, sys, time, unicodedata, urllib.parse, urllib.request
import xml.etree.ElementTree as ET

# Fixed: words of 5+ letters and phrases drawn from the files' text (French, German Fraktur as
# transcribed, with its long s and combining small e above). Not tuned on results.
QUERIES = [
    'tirés', 'privilégiés', 'mécaniques', 'méridionale', 'préliminaires', 'supérieur', 'délivrés',
    'héritage', 'paraître', 'soupape', 'sauterelles', 'jederzeit', 'bataille', 'coutumier',
    'exclusivement', 'france', 'peuple', 'travail', 'Aufklaͤrung', 'Unmuͤndigkeit', 'Publikum',
    'Revolution', 'Berliniſche',
    '"prit naissance"', '"clans ou associations"', '"organes de machines"', '"Paoli fut accueilli"',
    '"demain ta fête"', '"Leitung eines anderen"', '"wahre Reform"', '"Demandes de Brevets"',
]
# A String box counts as "the" box of a highlight when they overlap at least this much.
IOU_MATCH = 0.5


def tokens(text):
    """Case-folded tokens: runs of characters that are neither space nor punctuation/symbol."""
    out, cur = [], []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch.isspace() or cat[0] in 'PS':
            if cur:
                out.append(''.join(cur).casefold())
                cur = []
        else:
            cur.append(ch)
    if cur:
        out.append(''.join(cur).casefold())
    return out


class Alto:
    """One ALTO file: its String boxes (pixels) and its token sequence."""

    def __init__(self, path):
        self.path = path
        self.stem = os.path.splitext(os.path.basename(path))[0]
        self.boxes = []   # (x, y, w, h)
        self.tokens = []
        self.words_per_string = 0
        for el in ET.parse(path).iter():
            if el.tag.endswith('}String') or el.tag == 'String':
                box = tuple(float(el.get(k)) for k in ('HPOS', 'VPOS', 'WIDTH', 'HEIGHT'))
                self.boxes.append(box)
                t = tokens(el.get('CONTENT', ''))
                self.tokens.extend(t)
                self.words_per_string += len(t)
        self.words_per_string /= max(1, len(self.boxes))

    def occurrences(self, query):
        q = tokens(query)
        n = len(q)
        return sum(1 for i in range(len(self.tokens) - n + 1) if self.tokens[i:i + n] == q)


def iou(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0


def inside(a, b):
    """Share of box a's area inside box b."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    return ix * iy / (aw * ah) if aw * ah > 0 else 0.0


def get(url):
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as r:
        body = r.read()
    return (time.perf_counter() - t) * 1000.0, json.loads(body)


def post_json(url, payload):
    req = urllib.request.Request(url, data=json.dumps(payload).encode('utf-8'),
                                 headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())


class Ours:
    name = 'grounded-ocr'

    def __init__(self, base, files):
        self.base = base.rstrip('/')
        # document id -> ALTO file, by the stored source name
        _, rsp = get(self.base + '/select?q=*:*&fq=doc_type:document&rows=10000&fl=id,source&wt=json')
        by_name = {os.path.basename(f.path): f for f in files}
        self.files = {}
        for d in rsp['response']['docs']:
            src = d.get('source')
            src = src[0] if isinstance(src, list) else src
            if src and os.path.basename(src) in by_name:
                self.files[d['id']] = by_name[os.path.basename(src)]
        missing = set(by_name) - {os.path.basename(f.path) for f in self.files.values()}
        if missing:
            sys.exit('grounded-ocr collection lacks %d of the files (ingest them first): %s' % (len(missing), sorted(missing)[:5]))

    def url(self, q):
        return self.base + '/iiif/search?q=' + urllib.parse.quote(q)

    def hits(self, q):
        """(hits, [(alto, box)]) following the AnnotationPage's next links."""
        url, hits, boxes = self.url(q), 0, []
        while url:
            _, page = get(url)
            for a in page.get('items', []):
                target = a['target'] if isinstance(a['target'], str) else a['target']['source'] + '#' + a['target']['selector']['value']
                canvas, frag = target.split('#xywh=')
                doc = urllib.parse.unquote(canvas.split('/iiif/')[1].rsplit('/canvas/', 1)[0])
                boxes.append((self.files.get(doc), tuple(float(v) for v in frag.split(',')), a['body'].get('value', '')))
            for ann in page.get('annotations', []):
                hits += len(ann.get('items', []))
            nxt = page.get('next')
            url = (nxt['id'] if isinstance(nxt, dict) else nxt) if nxt else None
        return hits, boxes


class Theirs:
    name = 'solr-ocrhighlighting 0.9.5'
    FIELD = 'ocr_text'

    def __init__(self, base, files, index):
        self.base = base.rstrip('/')
        self.files = {f.stem: f for f in files}
        if index:
            t = time.perf_counter()
            for f in files:
                with open(f.path, encoding='utf-8') as fh:
                    post_json(self.base + '/update?commitWithin=60000',
                              [{'id': f.stem, 'source': f.path, self.FIELD: fh.read()}])
            post_json(self.base + '/update?commit=true', {})
            print('indexed %d files into solr-ocrhighlighting in %.1f s' % (len(files), time.perf_counter() - t))

    def url(self, q):
        p = {'q': '%s:%s' % (self.FIELD, q), 'rows': 1000, 'fl': 'id', 'wt': 'json',
             'hl': 'true', 'hl.ocr.fl': self.FIELD, 'hl.snippets': 1000, 'hl.ocr.absoluteHighlights': 'true',
             'hl.ocr.maxPassages': 1000}
        return self.base + '/select?' + urllib.parse.urlencode(p)

    def hits(self, q):
        _, rsp = get(self.url(q))
        hits, boxes = 0, []
        for doc, fields in rsp.get('ocrHighlighting', {}).items():
            for s in fields.get(self.FIELD, {}).get('snippets', []):
                for span in s.get('highlights', []):
                    hits += 1
                    for b in span:
                        boxes.append((self.files.get(doc), (float(b['ulx']), float(b['uly']),
                                                            float(b['lrx']) - float(b['ulx']), float(b['lry']) - float(b['uly'])),
                                      b.get('text', '')))
        return hits, boxes


def box_quality(boxes):
    """Per returned box: best IoU with a String box of its file, and whether it lies in one."""
    out = []
    for alto, box, _ in boxes:
        if alto is None:
            out.append((0.0, False))
            continue
        best = max((iou(box, s) for s in alto.boxes), default=0.0)
        within = any(inside(box, s) >= 0.9 for s in alto.boxes)
        out.append((best, within))
    return out


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ours', required=True)
    ap.add_argument('--theirs', required=True)
    ap.add_argument('--index-theirs', action='store_true')
    ap.add_argument('--runs', type=int, default=10)
    ap.add_argument('files', nargs='+')
    a = ap.parse_args()
    files = [Alto(f) for f in a.files]
    engines = [Ours(a.ours, files), Theirs(a.theirs, files, a.index_theirs)]
    word_level = {f.path for f in files if f.words_per_string < 1.5}

    rows, quality = [], {e.name: collections.defaultdict(list) for e in engines}
    for q in QUERIES:
        truth = sum(f.occurrences(q.strip('"')) for f in files)
        row = [q, truth]
        for e in engines:
            hits, boxes = e.hits(q)
            qual = box_quality(boxes)
            for (alto, _, _), v in zip(boxes, qual):
                quality[e.name]['word' if alto is not None and alto.path in word_level else 'line'].append(v)
            # a box whose highlighted text holds one of the query's words as written (not another
            # form of it that an analyzer's stemming matched)
            words = set(tokens(q))
            exact = sum(1 for _, _, text in boxes if words & set(tokens(text)))
            row += [hits, len(boxes), exact, statistics.mean(x for x, _ in qual) if qual else float('nan')]
        rows.append(row)

    print('\n| query | occurrences in the ALTO | %s hits | boxes | on the exact word | mean IoU | %s hits | boxes | on the exact word | mean IoU |' % tuple(e.name for e in engines))
    print('|---|---|---|---|---|---|---|---|---|---|')
    for r in rows:
        print('| %s | %d | %d | %d | %d | %.2f | %d | %d | %d | %.2f |' % tuple(r))
    tot = [sum(r[i] for r in rows) for i in (1, 2, 3, 4, 6, 7, 8)]
    print('| **all %d queries** | **%d** | **%d** | **%d** | **%d** | | **%d** | **%d** | **%d** | |' % (len(rows), *tot))

    print('\nHighlighted boxes against the ALTO String boxes of their file:\n')
    print('| engine | ALTO granularity | boxes | mean best IoU | IoU >= %.1f | inside a String (>= 90 %% of its area) |' % IOU_MATCH)
    print('|---|---|---|---|---|---|')
    for e in engines:
        for kind, label in (('word', 'one word per String (kant_1784, OCR-D)'), ('line', 'one line per String (eScriptorium)')):
            v = quality[e.name][kind]
            if v:
                print('| %s | %s | %d | %.3f | %d (%.0f %%) | %d (%.0f %%) |' % (
                    e.name, label, len(v), statistics.mean(x for x, _ in v),
                    sum(x >= IOU_MATCH for x, _ in v), 100.0 * sum(x >= IOU_MATCH for x, _ in v) / len(v),
                    sum(w for _, w in v), 100.0 * sum(w for _, w in v) / len(v)))

    # latency: one warm-up round, then a.runs rounds over all queries, engines alternating per query
    for e in engines:
        for q in QUERIES:
            get(e.url(q))
    ms = {e.name: [] for e in engines}
    for _ in range(a.runs):
        for q in QUERIES:
            for e in engines:
                ms[e.name].append(get(e.url(q))[0])
    print('\n| engine | request | requests | median | p95 |')
    print('|---|---|---|---|---|')
    for e, what in zip(engines, ('IIIF Content Search 2.0, collection (`/iiif/search?q=`)',
                                 '`/select` + OCR highlighting (`hl.ocr.fl`, absolute boxes)')):
        v = ms[e.name]
        print('| %s | %s | %d | %.1f ms | %.1f ms |' % (e.name, what, len(v), statistics.median(v), pct(v, 95)))


if __name__ == '__main__':
    main()
