package org.groundedocr.solr.highlight;

/** Request parameters of {@link RegionHighlightComponent}. */
public final class RegionHighlightParams {
  /** {@code hl.regions=true} turns region highlighting on (independent of {@code hl}). */
  public static final String REGIONS = "hl.regions";
  /** A separate query to highlight (default: {@code hl.q}, then the main query). */
  public static final String Q = "hl.regions.q";
  /** Parser for {@link #Q} (default: {@code hl.qparser}, then {@code defType}). */
  public static final String QPARSER = "hl.regions.qparser";
  /** {@code absolute} (page pixels, default), {@code region} (highlights relative to their region) or {@code relative} (0–1 of the page). */
  public static final String COORDINATES = "hl.regions.coords";
  /** Candidate passages per chunk, counted in {@code numTotal} (default 100). */
  public static final String MAX_PASSAGES = "hl.regions.maxPassages";
  /** {@code false}: snippets in document order instead of by score (default true). */
  public static final String SCORE_PASSAGES = "hl.regions.scorePassages";

  private RegionHighlightParams() {}
}
