package org.groundedocr.solr.rag;

import org.apache.lucene.search.Query;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;
import org.apache.solr.search.QueryParsing;
import org.apache.solr.search.SyntaxError;
import org.apache.solr.search.neural.KnnQParser;
import org.apache.solr.update.processor.UpdateRequestProcessorChain;
import org.apache.solr.update.processor.UpdateRequestProcessorFactory;
import org.groundedocr.embed.EmbeddingException;

/**
 * {@code {!knn_text}}: Solr's {@code knn} query with text in place of a vector; the text is
 * embedded in-process by the chain's embedding processor (the model that embedded the chunks).
 *
 * <pre>{@code
 * <queryParser name="knn_text" class="org.groundedocr.solr.rag.TextKnnQParserPlugin">
 *   <str name="updateChain">grounded-ocr</str>
 * </queryParser>
 *
 * q={!knn_text topK=10}how much did sales grow
 * q={!bool should=$lexical should=$vector}&lexical={!edismax qf=retrieval_text v=$question}
 *   &vector={!knn_text topK=50 v=$question}&question=how much did sales grow
 * }</pre>
 *
 * <p>Local params are {@code knn}'s ({@code topK}, {@code preFilter}, {@code includeTags},
 * {@code excludeTags}); {@code f} defaults to the processor's vector field. The question is a
 * query, so the model's query prefix applies. In SolrCloud each shard embeds the question once.
 */
public class TextKnnQParserPlugin extends QParserPlugin {

  public static final String NAME = "knn_text";

  private String updateChain;

  @Override
  public void init(NamedList<?> args) {
    Object chain = args == null ? null : args.get(RagRequestHandler.UPDATE_CHAIN_PARAM);
    if (chain != null && (!(chain instanceof String s) || s.isBlank())) {
      throw new SolrException(ErrorCode.SERVER_ERROR, RagRequestHandler.UPDATE_CHAIN_PARAM + " must be a non-empty string");
    }
    updateChain = chain == null ? null : chain.toString().strip();
  }

  /** Query parsers cannot be core-aware: the chain is looked up when a query needs it. */
  private EmbeddingUpdateProcessorFactory embedding(SolrCore core) {
    UpdateRequestProcessorChain chain;
    try {
      chain = core.getUpdateProcessingChain(updateChain);
    } catch (SolrException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, RagRequestHandler.UPDATE_CHAIN_PARAM + ": " + e.getMessage(), e);
    }
    for (UpdateRequestProcessorFactory f : chain.getProcessors()) {
      if (f instanceof EmbeddingUpdateProcessorFactory e) {
        return e;
      }
    }
    throw new SolrException(
        ErrorCode.SERVER_ERROR,
        RagRequestHandler.UPDATE_CHAIN_PARAM + ": update chain '" + (updateChain == null ? "(default)" : updateChain)
            + "' has no " + EmbeddingUpdateProcessorFactory.class.getSimpleName());
  }

  @Override
  public QParser createParser(String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    return new QParser(qstr, localParams, params, req) {
      @Override
      public Query parse() throws SyntaxError {
        String text = getString();
        if (text == null || text.isBlank()) {
          throw new SolrException(ErrorCode.BAD_REQUEST, NAME + ": the text to search for is empty");
        }
        EmbeddingUpdateProcessorFactory emb = embedding(req.getCore());
        if (emb.embedder() == null) {
          throw new SolrException(ErrorCode.SERVER_ERROR, NAME + ": the embedding model is not loaded yet");
        }
        float[] vector;
        try {
          vector = emb.embedder().embedQuery(text);
        } catch (EmbeddingException e) {
          throw new SolrException(ErrorCode.SERVER_ERROR, NAME + ": cannot embed the text: " + e.getMessage(), e);
        }
        StringBuilder v = new StringBuilder("[");
        for (int i = 0; i < vector.length; i++) {
          v.append(i > 0 ? "," : "").append(vector[i]);
        }
        v.append(']');
        ModifiableSolrParams knn = new ModifiableSolrParams(localParams);
        knn.set(QueryParsing.V, v.toString());
        if (knn.get(QueryParsing.F) == null) {
          knn.set(QueryParsing.F, emb.vectorField());
        }
        knn.remove(CommonParams.QT);
        // knn decides from the nesting depth whether global fqs are its pre-filters: keep ours
        int depth = recurseCount;
        KnnQParser delegate = new KnnQParser(v.toString(), knn, params, req) {
          {
            recurseCount = depth;
          }
        };
        delegate.setIsFilter(isFilter());
        return delegate.getQuery();
      }
    };
  }
}
