package org.groundedocr.solr.page;

import org.apache.solr.SolrTestCase;
import org.apache.solr.common.SolrException;
import org.apache.solr.response.SolrQueryResponse;
import org.junit.Test;

/** The pixel budget of one image response and the bound on concurrent renders (issue 16). */
public class RenderLimitsTest extends SolrTestCase {

  private static PageImageRenderer.Spec size(String size) {
    return IiifImageRequest.parse("full", size, "0", "default.jpg", 1000, 1500);
  }

  @Test
  public void upscalingPastThePixelBudgetIsRefusedBeforeAnythingIsAllocated() {
    // 8192 px high is inside the per-side limit but 5461 x 8192 = 44.7 M pixels is over 16.7 M
    IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
        () -> PageImageRenderer.outputSize(1000, 1500, size("^,8192")));
    assertTrue(e.getMessage(), e.getMessage().contains("16777216 pixels per image"));
    assertArrayEquals(new int[] {2731, 4096}, PageImageRenderer.outputSize(1000, 1500, size("^,4096")));
    // a stricter server budget
    expectThrows(IllegalArgumentException.class,
        () -> PageImageRenderer.outputSize(1000, 1500, size("^,4096"), 1_000_000));
  }

  @Test
  public void renderBeyondTheBoundIsAnswered503WithRetryAfter() {
    RenderPermits permits = new RenderPermits(2, 0);
    SolrQueryResponse rsp = new SolrQueryResponse();
    try (RenderPermits.Permit a = permits.acquire(rsp); RenderPermits.Permit b = permits.acquire(rsp)) {
      SolrQueryResponse refused = new SolrQueryResponse();
      SolrException e = expectThrows(SolrException.class, () -> permits.acquire(refused));
      assertEquals(503, e.code());
      assertEquals(Integer.toString(RenderPermits.RETRY_AFTER_SECONDS), refused.getHttpHeader("Retry-After"));
    }
    // given back: the next render goes through
    try (RenderPermits.Permit c = permits.acquire(new SolrQueryResponse())) {
      assertNotNull(c);
    }
    expectThrows(IllegalArgumentException.class, () -> new RenderPermits(0, 10));
  }
}
