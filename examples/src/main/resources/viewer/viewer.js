// grounded-ocr viewer: plain JavaScript, no build step. It talks to Solr on the same origin:
//   /solr/<collection>/select with hl.regions=true  -> hits with page regions and highlight boxes
//   /solr/<collection>/page?doc=<id>&page=<n>       -> the stored page image
// Options in the page URL: ?collection=scans (default) and #q=...&label=...&page=... (shareable state).
//
// Safety: the viewer only ever talks to the Solr that served it (the Solr base path is derived from
// the viewer's own location, never from a parameter), and every string that comes from the server
// is inserted as text. Highlight tags are the one piece of markup: the snippet text is split on
// <em>/</em> and those become elements, everything else becomes text nodes. The servlet sends a
// Content-Security-Policy without 'unsafe-inline', so even a missed innerHTML could not run script.
"use strict";

(function () {
  const urlParams = new URLSearchParams(location.search);
  const COLLECTION = urlParams.get("collection") || "scans";
  // the viewer is served at <solr>/viewer/: its own Solr is the path above it, on the same origin
  const SOLR = location.pathname.replace(/\/viewer(\/.*)?$/, "") || "/solr";
  const ROWS = 20;
  const IMAGE_WIDTH = 1600; // the viewer never needs more pixels than this

  const $ = (id) => document.getElementById(id);
  const form = $("search");
  const qInput = $("q");
  const labelSelect = $("label");
  const pageInput = $("page");
  const status = $("status");
  const hitsList = $("hits");

  let hits = [];
  let highlighting = {};

  const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'", "#x27": "'", "#x2F": "/" };

  /** Undoes hl.encoder=html's escaping; unknown entities stay as they are (shown as text). */
  function decodeEntities(s) {
    return s.replace(/&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,8});/g, (m, e) => {
      if (e in ENTITIES) return ENTITIES[e];
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return m;
    });
  }

  /**
   * Appends a highlighted snippet to parent: <em>...</em> become <em> elements, all the rest is
   * text (an <img onerror=...> in the server's string is shown, never parsed).
   */
  function appendHighlighted(parent, snippet) {
    const parts = String(snippet).split(/(<\/?em>)/);
    let em = null;
    for (const part of parts) {
      if (part === "<em>") {
        em = document.createElement("em");
        parent.appendChild(em);
      } else if (part === "</em>") {
        em = null;
      } else if (part) {
        (em || parent).appendChild(document.createTextNode(decodeEntities(part)));
      }
    }
  }

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function solrQuote(s) {
    return '"' + String(s).replace(/(["\\])/g, "\\$1") + '"';
  }

  function readState() {
    const h = new URLSearchParams(location.hash.replace(/^#/, ""));
    return { q: h.get("q") || "", label: h.get("label") || "", page: h.get("page") || "" };
  }

  function writeState(state) {
    const h = new URLSearchParams();
    for (const [k, v] of Object.entries(state)) if (v) h.set(k, v);
    const next = "#" + h.toString();
    if (location.hash !== next) history.replaceState(null, "", next);
  }

  // server settings (viewer/config.json): the complete-documents filter is the server's own
  // (DocumentGeneration), never a copy kept here
  let config = null;
  function loadConfig() {
    if (!config) {
      config = fetch("config.json", { headers: { Accept: "application/json" } }).then((r) => {
        if (!r.ok) throw new Error("viewer settings: HTTP " + r.status);
        return r.json();
      });
      config.catch(() => { config = null; }); // try again on the next search
    }
    return config;
  }

  function searchUrl(state, settings) {
    const p = new URLSearchParams();
    p.set("q", state.q);
    p.set("defType", "edismax");
    p.set("qf", "_text_");
    p.set("q.op", "AND");
    p.append("fq", "doc_type:chunk");
    // chunks of complete documents only (the record is written last; README, "Security")
    p.append("fq", settings.completeFilter);
    if (state.label) p.append("fq", "{!tag=label}labels:" + solrQuote(state.label));
    if (state.page) p.append("fq", "pages:" + parseInt(state.page, 10));
    p.set("fl", "id,parent_id,source,title,pages,labels,chunk_ordinal,chunk_text,regions,page_sizes,score");
    p.set("rows", String(ROWS));
    p.set("hl.regions", "true");
    p.set("hl.regions.coords", "relative");
    p.set("hl.encoder", "html");
    p.set("hl.snippets", "20"); // the list shows the best one; the page shows the matches of all
    p.set("hl.fragsize", "200");
    p.set("facet", "true");
    p.set("facet.field", "{!ex=label}labels");
    p.set("facet.mincount", "1");
    p.set("wt", "json");
    return SOLR + "/" + encodeURIComponent(COLLECTION) + "/select?" + p.toString();
  }

  function pageImageUrl(doc, page) {
    return SOLR + "/" + encodeURIComponent(COLLECTION) + "/page?doc=" + encodeURIComponent(doc) +
      "&page=" + encodeURIComponent(page) + "&width=" + IMAGE_WIDTH;
  }

  async function run(state) {
    writeState(state);
    hitsList.replaceChildren();
    clearViewer();
    if (!state.q.trim()) {
      status.textContent = "Type a query.";
      return;
    }
    status.textContent = "Searching…";
    status.className = "muted";
    let body;
    try {
      const settings = await loadConfig();
      const res = await fetch(searchUrl(state, settings), { headers: { Accept: "application/json" } });
      body = await res.json();
      if (!res.ok) throw new Error((body.error && body.error.msg) || res.statusText);
    } catch (e) {
      status.textContent = "Search failed: " + String(e.message);
      status.className = "error";
      return;
    }
    hits = body.response.docs;
    highlighting = body.ocrHighlighting || {};
    updateLabels(body.facet_counts && body.facet_counts.facet_fields && body.facet_counts.facet_fields.labels, state.label);
    const n = body.response.numFound;
    status.textContent = n === 0 ? "No hits." :
      n + (n === 1 ? " hit" : " hits") + (n > hits.length ? " (first " + hits.length + ")" : "") +
      " in " + body.responseHeader.QTime + " ms";
    hits.forEach((hit, i) => hitsList.appendChild(renderHit(hit, i)));
    if (hits.length > 0) select(0);
  }

  function updateLabels(facet, current) {
    if (!facet) return;
    const keep = labelSelect.value;
    const any = element("option", null, "any region");
    any.value = "";
    labelSelect.replaceChildren(any);
    for (let i = 0; i < facet.length; i += 2) {
      const o = document.createElement("option");
      o.value = facet[i];
      o.textContent = facet[i] + " (" + facet[i + 1] + ")";
      labelSelect.appendChild(o);
    }
    labelSelect.value = current || keep || "";
  }

  function snippetsOf(hit) {
    const h = highlighting[hit.id] && highlighting[hit.id].chunk_text;
    return h && h.snippets ? h.snippets : [];
  }

  function snippetOf(hit) {
    const all = snippetsOf(hit);
    return all.length ? all[0] : null;
  }

  /** Page numbers the hit's matches are on (all snippets), else the chunk's pages. */
  function matchPages(hit) {
    const pages = [];
    for (const s of snippetsOf(hit)) for (const p of s.pages) if (!pages.includes(p.number)) pages.push(p.number);
    return pages.length ? pages.sort((a, b) => a - b) : (hit.pages || []);
  }

  function pagesText(pages) {
    if (!pages || pages.length === 0) return "";
    return pages.length === 1 ? "page " + pages[0] : "pages " + pages[0] + "–" + pages[pages.length - 1];
  }

  function renderHit(hit, i) {
    const li = document.createElement("li");
    li.className = "hit";
    li.dataset.index = i;
    li.dataset.id = hit.id;
    li.tabIndex = 0;
    const snippet = snippetOf(hit);
    const matchedLabels = [...new Set(snippetsOf(hit).flatMap((s) => s.regions.map((r) => r.label)))];
    const labels = matchedLabels.length ? matchedLabels : (hit.labels || []);
    const pages = matchPages(hit);
    const meta = element("div", "meta");
    meta.appendChild(element("span", "doc", String(hit.title || hit.source || hit.parent_id)));
    meta.appendChild(element("span", "chip page", pagesText(pages)));
    labels.forEach((l) => meta.appendChild(element("span", "chip label", String(l))));
    const p = element("p", "snippet");
    if (snippet) appendHighlighted(p, snippet.text);
    else p.textContent = String(hit.chunk_text || "").slice(0, 220) + "…";
    li.append(meta, p);
    li.addEventListener("click", () => select(i));
    li.addEventListener("keydown", (e) => { if (e.key === "Enter") select(i); });
    return li;
  }

  function clearViewer() {
    $("viewer-title").textContent = "No hit selected.";
    $("viewer-title").className = "muted";
    $("page-tabs").replaceChildren();
    $("page-holder").replaceChildren();
    $("region-texts").replaceChildren();
    $("legend").hidden = true;
  }

  function select(i) {
    const hit = hits[i];
    document.querySelectorAll(".hit").forEach((el) => el.classList.toggle("selected", el.dataset.index === String(i)));
    const snippets = snippetsOf(hit);
    const sizes = parseJson(hit.page_sizes);
    const pageNumbers = matchPages(hit);
    $("viewer-title").className = "";
    $("viewer-title").textContent = (hit.title || hit.source || hit.parent_id) + " — " + pagesText(pageNumbers);
    const tabs = $("page-tabs");
    tabs.replaceChildren();
    pageNumbers.forEach((n, k) => {
      const b = document.createElement("button");
      b.type = "button";
      b.setAttribute("role", "tab");
      b.textContent = "p. " + n;
      b.addEventListener("click", () => showPage(hit, snippets, sizes, n, tabs, k));
      tabs.appendChild(b);
    });
    const texts = $("region-texts");
    texts.replaceChildren();
    const shown = new Set();
    for (const snippet of snippets) {
      snippet.regions.forEach((r) => {
        const key = r.page + ":" + r.region;
        if (shown.has(key)) return;
        shown.add(key);
        const div = element("div", "region-text");
        div.append(element("span", "chip label", String(r.label)), " ",
          element("span", "muted", "page " + r.page + ", region " + r.region), document.createElement("br"));
        appendHighlighted(div, r.text);
        texts.appendChild(div);
      });
    }
    $("legend").hidden = false;
    if (pageNumbers.length) showPage(hit, snippets, sizes, pageNumbers[0], tabs, 0);
  }

  function parseJson(s) {
    try { return s ? JSON.parse(s) : []; } catch (e) { return []; }
  }

  function pct(v) { return (v * 100).toFixed(4) + "%"; }

  function addBox(layer, cls, x1, y1, x2, y2, data) {
    const d = document.createElement("div");
    d.className = "box " + cls;
    d.style.left = pct(x1);
    d.style.top = pct(y1);
    d.style.width = pct(Math.max(0, x2 - x1));
    d.style.height = pct(Math.max(0, y2 - y1));
    for (const [k, v] of Object.entries(data || {})) d.dataset[k] = String(v);
    layer.appendChild(d);
    return d;
  }

  function showPage(hit, snippets, sizes, page, tabs, tabIndex) {
    [...tabs.children].forEach((b, k) => b.setAttribute("aria-selected", String(k === tabIndex)));
    const fromSnippet = snippets.flatMap((s) => s.pages).find((p) => p.number === page);
    const size = sizes.find((s) => s.page === page) || fromSnippet || { width: 1000, height: 1414 };
    const holder = $("page-holder");
    holder.replaceChildren();
    const view = document.createElement("div");
    view.className = "page-view";
    view.dataset.page = page;
    view.dataset.doc = hit.parent_id;
    view.style.aspectRatio = Number(size.width) + " / " + Number(size.height);
    const img = document.createElement("img");
    img.alt = "page " + page + " of " + (hit.source || hit.parent_id);
    img.addEventListener("error", () => {
      img.remove();
      const m = document.createElement("div");
      m.className = "missing";
      m.textContent = "No page image stored for this page; boxes are drawn on a blank page.";
      view.prepend(m);
    });
    img.src = pageImageUrl(hit.parent_id, page);
    view.appendChild(img);

    // every region of the chunk on this page, faint
    for (const r of parseJson(hit.regions)) {
      if (r.page !== page || !r.bbox) continue;
      addBox(view, "region", r.bbox[0] / size.width, r.bbox[1] / size.height,
        r.bbox[2] / size.width, r.bbox[3] / size.height, { regionIndex: r.region, label: r.label });
    }
    // per snippet: the regions holding matches (outlined once per page region) and the matches
    const outlined = new Set();
    snippets.forEach((snippet, si) => {
      const pageIdx = snippet.pages.findIndex((p) => p.number === page);
      snippet.regions.forEach((r, idx) => {
        if (r.pageIdx !== pageIdx) return;
        const key = r.page + ":" + r.region;
        const box = addBox(view, "region match", r.ulx, r.uly, r.lrx, r.lry,
          { snippet: si, regionIdx: idx, regionIndex: r.region, label: r.label });
        if (outlined.has(key)) {
          box.classList.add("repeat");
          return;
        }
        outlined.add(key);
        const tag = document.createElement("span");
        tag.className = "tag";
        tag.textContent = r.label;
        box.appendChild(tag);
      });
      snippet.highlights.forEach((match, m) => {
        match.forEach((b) => {
          const r = snippet.regions[b.parentRegionIdx];
          if (!r || r.pageIdx !== pageIdx) return;
          addBox(view, "highlight", b.ulx, b.uly, b.lrx, b.lry,
            { snippet: si, match: m, parentRegionIdx: b.parentRegionIdx, text: b.text, line: b.line });
        });
      });
    });
    holder.appendChild(view);
    const first = view.querySelector(".box.highlight") || view.querySelector(".box.region.match");
    if (first) {
      const viewer = $("viewer");
      const top = first.offsetTop - viewer.clientHeight / 3;
      if (top > 0) viewer.scrollTop = top;
    }
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run({ q: qInput.value, label: labelSelect.value, page: pageInput.value });
  });
  labelSelect.addEventListener("change", () => { if (qInput.value.trim()) form.requestSubmit(); });

  const initial = readState();
  qInput.value = initial.q;
  pageInput.value = initial.page;
  if (initial.label) {
    const o = document.createElement("option");
    o.value = initial.label;
    o.textContent = initial.label;
    labelSelect.appendChild(o);
    labelSelect.value = initial.label;
  }
  if (initial.q) run(initial);
})();
