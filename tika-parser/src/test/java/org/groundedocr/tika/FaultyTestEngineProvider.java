package org.groundedocr.tika;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngineProvider;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.engine.OcrException;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;

/**
 * A test-only engine, {@code test-faulty}, for the parser's failure handling. It is not OCR: it
 * either hands pages to a real engine ({@code delegate=ppocr}) or returns pages without regions,
 * and it misbehaves on purpose on one page: {@code failPage=N} throws, {@code hangPage=N} blocks
 * until interrupted; {@code failCreate=true} refuses to be created. {@code calls} counts
 * {@code recognize} calls per provider (engines share the counter through the config's
 * {@code counter} option name).
 */
public final class FaultyTestEngineProvider implements OcrEngineProvider {

  public static final String NAME = "test-faulty";
  public static final AtomicInteger CREATED = new AtomicInteger();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public OcrEngine create(EngineConfig config) throws OcrException {
    if (Boolean.parseBoolean(config.option("failCreate", "false"))) {
      throw new OcrException("test-faulty was told not to start (failCreate=true)");
    }
    int failPage = config.intOption("failPage", 0);
    int hangPage = config.intOption("hangPage", 0);
    String delegateName = config.option("delegate", "");
    OcrEngine delegate =
        delegateName.isEmpty()
            ? null
            : OcrEngines.create(new EngineConfig(delegateName, config.device(), config.modelDir(), java.util.Map.of()));
    CREATED.incrementAndGet();
    return new OcrEngine() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public GroundedPage recognize(BufferedImage image, int pageNumber) throws OcrException {
        if (pageNumber == failPage) {
          throw new OcrException("test-faulty fails page " + pageNumber + " on purpose");
        }
        if (pageNumber == hangPage) {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OcrException("interrupted", e);
          }
        }
        if (delegate != null) {
          return delegate.recognize(image, pageNumber);
        }
        return new GroundedPage(pageNumber, image.getWidth(), image.getHeight(), List.of(),
            PageStats.of(NAME, "", 0));
      }

      @Override
      public void close() {
        if (delegate != null) {
          delegate.close();
        }
      }
    };
  }
}
