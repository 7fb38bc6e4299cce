package org.groundedocr.solr;


import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.solr.SolrTestCase;
import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The index contract ({@link IndexFields}) and the configset's schema name the same fields. */
public class IndexFieldsSchemaTest extends SolrTestCase {

  @Test
  public void everyContractFieldIsInTheSchemaAndEverySchemaFieldInTheContract() throws Exception {
    Set<String> schema = schemaFields("field");
    Set<String> dynamic = schemaFields("dynamicField");
    Set<String> contract = contractFields();
    Set<String> missingInSchema = new TreeSet<>(contract);
    missingInSchema.removeAll(schema);
    // a contract field may be a dynamic one (*_s, *_i)
    missingInSchema.removeIf(f -> dynamic.stream().anyMatch(d -> d.startsWith("*") && f.endsWith(d.substring(1))));
    Set<String> missingInContract = new TreeSet<>(schema);
    missingInContract.removeAll(contract);
    assertEquals("IndexFields names fields that managed-schema.xml lacks", Set.of(), missingInSchema);
    assertEquals("managed-schema.xml has fields that IndexFields does not name", Set.of(), missingInContract);
  }

  @Test
  public void fieldListsHoldOnlyContractFields() throws Exception {
    Set<String> contract = contractFields();
    for (var list : java.util.List.of(IndexFields.CHUNKING_FIELDS, IndexFields.PAGE_FIELDS,
        IndexFields.PASSAGE_FIELDS, IndexFields.CONTEXT_FIELDS)) {
      assertTrue(list.toString(), contract.containsAll(list));
    }
  }

  @Test
  public void chunkAndPageIdsRouteWithTheirDocument() {
    assertEquals("doc!3", IndexFields.chunkId("doc", 3));
    assertEquals("tenant!doc#3", IndexFields.chunkId("tenant!doc", 3));
    assertEquals("doc!page-2", IndexFields.pageId("doc", 2));
    assertEquals("tenant!doc#page-2", IndexFields.pageId("tenant!doc", 2));
  }

  /** Field names: the String constants of IndexFields, less the doc_type values (TYPE_*). */
  private static Set<String> contractFields() throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (Field f : IndexFields.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().startsWith("TYPE_")) {
        names.add((String) f.get(null));
      }
    }
    return names;
  }

  private static Set<String> schemaFields(String element) throws Exception {
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(GroundedOcrCore.configsetConf().resolve("managed-schema.xml").toFile());
    NodeList fields = doc.getElementsByTagName(element);
    Set<String> names = new TreeSet<>();
    for (int i = 0; i < fields.getLength(); i++) {
      names.add(((Element) fields.item(i)).getAttribute("name"));
    }
    return names;
  }
}
