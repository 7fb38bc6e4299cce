package org.groundedocr.tesseract;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The part of Tesseract's documented C API ({@code tesseract/capi.h}) this engine uses, bound with
 * JNA to the system's {@code libtesseract.so.5}.
 *
 * <p>Why a dozen JNA declarations rather than tess4j: tess4j bundles its own Tesseract and
 * Leptonica natives (tens of MB per platform, a second copy beside the distribution's) and pins a
 * Tesseract version; binding the stable C API keeps one Tesseract on the machine, the one the
 * distribution patches, with its language packages, and JNA is already in the build for ONNX
 * Runtime's C API. {@code BOOL} is a C {@code int}; strings returned by the {@code Get…Text}
 * functions are owned by the caller and freed with {@link #TessDeleteText}.
 */
@SuppressWarnings({"checkstyle:MethodName", "unused"})
interface TessCApi extends Library {

  // TessPageIteratorLevel
  int RIL_BLOCK = 0;
  int RIL_PARA = 1;
  int RIL_TEXTLINE = 2;
  int RIL_WORD = 3;

  String TessVersion();

  void TessDeleteText(Pointer text);

  Pointer TessBaseAPICreate();

  void TessBaseAPIDelete(Pointer handle);

  int TessBaseAPIInit3(Pointer handle, String datapath, String language);

  int TessBaseAPISetVariable(Pointer handle, String name, String value);

  void TessBaseAPISetPageSegMode(Pointer handle, int mode);

  void TessBaseAPISetImage(
      Pointer handle, byte[] imagedata, int width, int height, int bytesPerPixel, int bytesPerLine);

  void TessBaseAPISetSourceResolution(Pointer handle, int ppi);

  int TessBaseAPIRecognize(Pointer handle, Pointer monitor);

  Pointer TessBaseAPIGetIterator(Pointer handle);

  void TessBaseAPIClear(Pointer handle);

  void TessBaseAPIEnd(Pointer handle);

  Pointer TessResultIteratorGetPageIterator(Pointer resultIterator);

  void TessResultIteratorDelete(Pointer resultIterator);

  Pointer TessResultIteratorGetUTF8Text(Pointer resultIterator, int level);

  float TessResultIteratorConfidence(Pointer resultIterator, int level);

  void TessPageIteratorBegin(Pointer pageIterator);

  int TessPageIteratorNext(Pointer pageIterator, int level);

  int TessPageIteratorIsAtBeginningOf(Pointer pageIterator, int level);

  int TessPageIteratorBoundingBox(
      Pointer pageIterator,
      int level,
      IntByReference left,
      IntByReference top,
      IntByReference right,
      IntByReference bottom);

  int TessPageIteratorBlockType(Pointer pageIterator);
}
