package org.groundedocr.solr.search;

import java.util.Locale;
import org.apache.lucene.search.Query;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.schema.SchemaField;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;
import org.apache.solr.search.SyntaxError;
import org.groundedocr.solr.IndexFields;
import org.groundedocr.solr.chunking.PageAreas;

/**
 * Chunks with regions in an area of a page.
 *
 * <pre>{@code
 * <queryParser name="pagearea" class="org.groundedocr.solr.search.PageAreaQParserPlugin"/>
 *
 * fq={!pagearea page=1 box=0,0,1,0.5}                      top half of page 1 (relative, 0..1)
 * fq={!pagearea page=2 box=0,0,800,600 units=px width=1654 height=2339}
 * fq={!pagearea page=1 box=0.5,0,1,1 op=within}           chunks entirely in the right half
 * }</pre>
 *
 * <p>Parameters: {@code page} (1-based, required), {@code box=x1,y1,x2,y2} (top-left origin;
 * required), {@code op} = {@code intersects} (default: a region touches the area) or
 * {@code within} (all the chunk's regions lie inside it), {@code units} = {@code relative}
 * (default) or {@code px} with the page's {@code width} and {@code height}, {@code f} (default
 * {@code region_area}). Translates to the spatial query on the page-tile plane of
 * {@link PageAreas}.
 */
public class PageAreaQParserPlugin extends QParserPlugin {

  public static final String NAME = "pagearea";

  @Override
  public QParser createParser(String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    return new QParser(qstr, localParams, params, req) {
      @Override
      public Query parse() throws SyntaxError {
        String f = localParams.get("f", IndexFields.REGION_AREA);
        int page = localParams.getInt("page", -1);
        if (page < 1 || page > PageAreas.MAX_PAGE) {
          throw new SyntaxError("pagearea: page must be in 1.." + PageAreas.MAX_PAGE + ", got " + localParams.get("page"));
        }
        String boxParam = localParams.get("box");
        if (boxParam == null) {
          throw new SyntaxError("pagearea: box=x1,y1,x2,y2 is required");
        }
        String[] parts = boxParam.split(",");
        if (parts.length != 4) {
          throw new SyntaxError("pagearea: box is x1,y1,x2,y2, got " + boxParam);
        }
        double[] b = new double[4];
        for (int i = 0; i < 4; i++) {
          try {
            b[i] = Double.parseDouble(parts[i].strip());
          } catch (NumberFormatException e) {
            throw new SyntaxError("pagearea: box is x1,y1,x2,y2, got " + boxParam);
          }
        }
        String units = localParams.get("units", "relative");
        if (units.equals("px")) {
          int width = localParams.getInt("width", 0);
          int height = localParams.getInt("height", 0);
          if (width <= 0 || height <= 0) {
            throw new SyntaxError("pagearea: units=px needs the page's width and height");
          }
          b = new double[] {b[0] / width, b[1] / height, b[2] / width, b[3] / height};
        } else if (!units.equals("relative")) {
          throw new SyntaxError("pagearea: units is relative or px, got " + units);
        }
        String op = localParams.get("op", "intersects").toLowerCase(Locale.ROOT);
        String predicate =
            switch (op) {
              case "intersects" -> "Intersects";
              case "within" -> "IsWithin";
              default -> throw new SyntaxError("pagearea: op is intersects or within, got " + op);
            };
        SchemaField field = req.getSchema().getFieldOrNull(f);
        if (field == null) {
          throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, "pagearea: no field " + f);
        }
        String shape = PageAreas.relativeEnvelope(page, b[0], b[1], b[2], b[3]);
        return field.getType().getFieldQuery(this, field, predicate + "(" + shape + ")");
      }
    };
  }
}
