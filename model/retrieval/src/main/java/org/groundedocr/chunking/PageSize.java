package org.groundedocr.chunking;

/** A page's number and the pixel size its boxes are in. */
public record PageSize(int page, int width, int height) {}
