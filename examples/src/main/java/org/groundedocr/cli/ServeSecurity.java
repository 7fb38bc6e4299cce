package org.groundedocr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.solr.security.Sha256AuthenticationProvider;

/**
 * The {@code security.json} that {@code serve --user NAME:PASSWORD} puts in ZooKeeper: Solr's
 * BasicAuth (anonymous requests refused) and rule-based authorization, NAME an admin, a
 * {@code reader} role that may use every read handler ({@code /select}, {@code /page}, IIIF,
 * {@code /rag}) and open the viewer, but not {@code /update/scan}. An existing file is kept and only NAME is (re)set, so
 * users added through Solr's authentication API survive a restart.
 */
final class ServeSecurity {

  static final String READ_ROLE = "reader";
  static final String ADMIN_ROLE = "admin";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The viewer's paths (ViewerExtension, ViewerServlet): readers may load it. */
  static final java.util.List<String> VIEWER_PATHS =
      java.util.List.of("/viewer", "/viewer/", "/viewer/index.html", "/viewer/viewer.js", "/viewer/viewer.css");

  private ServeSecurity() {}

  /** {@code existing} (null or empty: none) with {@code admin} set as an admin user. */
  static byte[] withAdmin(byte[] existing, SolrCredentials admin) throws IOException {
    ObjectNode root = existing == null || existing.length == 0 ? JSON.createObjectNode()
        : JSON.readTree(existing) instanceof ObjectNode o ? o : JSON.createObjectNode();
    ObjectNode authc = root.with("authentication");
    if (!authc.has("class")) {
      authc.put("class", "solr.BasicAuthPlugin");
    }
    authc.put("blockUnknown", true);
    authc.put("forwardCredentials", false);
    authc.with("credentials").put(admin.user(), Sha256AuthenticationProvider.getSaltedHashedValue(admin.password()));
    ObjectNode authz = root.with("authorization");
    if (!authz.has("class")) {
      authz.put("class", "solr.RuleBasedAuthorizationPlugin");
    }
    authz.with("user-role").putArray(admin.user()).add(ADMIN_ROLE);
    if (!authz.has("permissions")) {
      ArrayNode p = authz.putArray("permissions");
      // first match wins: reads for readers and admins, everything else for admins only
      p.addObject().put("name", "health").putNull("role");
      ObjectNode read = p.addObject().put("name", "read");
      read.putArray("role").add(READ_ROLE).add(ADMIN_ROLE);
      // the viewer's files are no Solr handler: without a rule of their own they fall under "all".
      // No "collection" key: a request outside any collection is matched against the rules of
      // collection "*" (the default); "collection": null rules are for admin requests only
      ObjectNode viewer = p.addObject().put("name", "viewer");
      ArrayNode paths = viewer.putArray("path");
      VIEWER_PATHS.forEach(paths::add);
      viewer.putArray("role").add(READ_ROLE).add(ADMIN_ROLE);
      p.addObject().put("name", "update").putArray("role").add(ADMIN_ROLE);
      p.addObject().put("name", "all").putArray("role").add(ADMIN_ROLE);
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
  }

  /** Whether a {@code security.json} turns authentication on. */
  static boolean authenticationOn(byte[] securityJson) {
    if (securityJson == null || securityJson.length == 0) {
      return false;
    }
    try {
      return JSON.readTree(securityJson).path("authentication").has("class");
    } catch (IOException e) {
      return false;
    }
  }
}
