package org.groundedocr.solr.ingest;

import com.codahale.metrics.Counter;

/** The handler's counters ({@code /admin/metrics}, prefix {@code UPDATE./update/scan.}). */
record ScanCounters(Counter parses, Counter documents, Counter pages, Counter ocrPages, Counter failedFiles,
    Counter failedPages) {}
