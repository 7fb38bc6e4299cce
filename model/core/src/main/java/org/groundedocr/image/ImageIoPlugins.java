package org.groundedocr.image;

import com.twelvemonkeys.imageio.plugins.bmp.BMPImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.tiff.BigTIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.util.List;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Makes sure the TwelveMonkeys readers are in ImageIO's registry. ImageIO scans for plugins only
 * once, with the class loader of whoever touched it first; inside Solr's or a web container's
 * plugin class loader, the TwelveMonkeys jars next to ours are then invisible and 1-bit CCITT TIFF
 * or CMYK JPEG would fail. Registering the providers explicitly is what TwelveMonkeys documents for
 * such containers; registering a provider class twice replaces it, so this is idempotent.
 */
final class ImageIoPlugins {

  private static final Object LOCK = new Object();
  private static volatile boolean registered;

  private ImageIoPlugins() {}

  static void ensureRegistered() {
    if (registered) {
      return;
    }
    synchronized (LOCK) {
      if (registered) {
        return;
      }
      IIORegistry registry = IIORegistry.getDefaultInstance();
      List<ImageReaderSpi> providers =
          List.of(
              new TIFFImageReaderSpi(),
              new BigTIFFImageReaderSpi(),
              new JPEGImageReaderSpi(),
              new BMPImageReaderSpi(),
              new WebPImageReaderSpi());
      for (ImageReaderSpi spi : providers) {
        if (registry.getServiceProviderByClass(spi.getClass()) == null) {
          registry.registerServiceProvider(spi, ImageReaderSpi.class);
        }
      }
      registered = true;
    }
  }
}
