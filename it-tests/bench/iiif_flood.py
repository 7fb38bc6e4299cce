#!/usr/bin/env python3
"""IIIF image-request flood against a running `serve` node (issue 16, docs/BENCHMARKS.md "Reliability").

Usage: iiif_flood.py SOLR_URL COLLECTION PAGE_ID PID [CONCURRENT=12] [SIZE=^,8192]
Sends CONCURRENT simultaneous requests for /page/iiif/PAGE_ID/full/SIZE/0/default.jpg, prints the
status codes, the Solr JVM's peak resident memory (VmHWM of PID) and whether the node still
answers afterwards. OutOfMemoryError shows up as HTTP 500 with "OutOfMemoryError" in the body.
"""
import concurrent.futures
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def fetch(url):
    t = time.time()
    try:
        with urllib.request.urlopen(url, timeout=300) as r:
            body = r.read()
            return r.status, len(body), "", time.time() - t, r.headers.get("Retry-After")
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", "replace")
        return e.code, 0, ("OOM" if "OutOfMemoryError" in body else body[-300:].replace("\n", " ")), time.time() - t, e.headers.get("Retry-After")
    except Exception as e:  # connection reset: the node died
        return -1, 0, repr(e)[:120], time.time() - t, None


def vm(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) // 1024
    return -1


def main():
    solr, coll, page, pid = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    n = int(sys.argv[5]) if len(sys.argv) > 5 else 12
    size = sys.argv[6] if len(sys.argv) > 6 else "^,8192"
    url = f"{solr}/{coll}/page/iiif/{urllib.parse.quote(page, safe='!')}/full/{urllib.parse.quote(size, safe=',!')}/0/default.jpg"
    rss_before = vm(pid, "VmRSS")
    t = time.time()
    with concurrent.futures.ThreadPoolExecutor(n) as ex:
        results = list(ex.map(fetch, [url] * n))
    wall = time.time() - t
    codes = {}
    for status, _, why, _, _ in results:
        key = f"{status}{' ' + why if why == 'OOM' else ''}"
        codes[key] = codes.get(key, 0) + 1
    alive = fetch(f"{solr}/{coll}/select?q=*:*&rows=0&wt=json")[0]
    print(f"size={size} concurrent={n} wall={wall:.1f}s codes={codes} retry_after={[r[4] for r in results if r[4]][:1]}"
          f" rss_before={rss_before}MB peak_rss={vm(pid, 'VmHWM')}MB node_after={alive}")
    for r in results:
        if r[0] not in (200, 503):
            print("  ", r[0], r[2])
        break


main()
