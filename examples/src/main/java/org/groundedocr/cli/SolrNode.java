package org.groundedocr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.zookeeper.CreateMode;
import org.apache.solr.common.cloud.ZkStateReader;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * One real Solr 9.10 node in SolrCloud mode, in this JVM: an embedded ZooKeeper, Solr's own
 * Jetty runner, the grounded-ocr configset uploaded and the collection created. Data (index,
 * ZooKeeper state) lives under one folder, so a restart on the same folder finds its collection.
 */
public final class SolrNode implements AutoCloseable {

  /** How to start. {@code admin}: turn BasicAuth on with this admin user (null: leave security.json as it is). */
  public record Options(Path data, int port, String collection, int shards, int replicas, Path configset,
      SolrCredentials admin) {
    public Options(Path data, int port, String collection, int shards, int replicas, Path configset) {
      this(data, port, collection, shards, replicas, configset, null);
    }
  }

  private final ZooKeeperServerEmbedded zk;
  private final JettySolrRunner jetty;
  private final List<SolrNodeExtension> extensions;
  private final String collection;
  private final SolrCredentials admin;
  private boolean secured;

  private SolrNode(ZooKeeperServerEmbedded zk, JettySolrRunner jetty, List<SolrNodeExtension> extensions, String collection,
      SolrCredentials admin) {
    this.zk = zk;
    this.jetty = jetty;
    this.extensions = extensions;
    this.collection = collection;
    this.admin = admin;
  }

  /** Thrown when a port {@code serve} needs is taken: the message names it and the remedy. */
  public static final class PortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortInUseException(int port, String what, int solrPort) {
      super("port " + port + " (" + what + ") is already in use: another Solr or `serve` may be running;"
          + " stop it or pick other ports with --port (Solr uses PORT, its ZooKeeper PORT+1000; now " + solrPort + ")");
    }
  }

  private static void requireFree(int port, String what, int solrPort) {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new java.net.InetSocketAddress(port));
    } catch (IOException e) {
      throw new PortInUseException(port, what, solrPort);
    }
  }

  public static SolrNode start(Options o) throws Exception {
    // checked first: Jetty's own failure on a taken port is "IllegalStateException: STOPPED"
    requireFree(o.port(), "Solr", o.port());
    requireFree(o.port() + 1000, "ZooKeeper", o.port());
    Path data = o.data().toAbsolutePath();
    Path home = data.resolve("solr");
    Files.createDirectories(home);
    Files.writeString(home.resolve("solr.xml"), SOLR_XML, StandardCharsets.UTF_8);
    // what bin/solr would set; without them Solr logs errors about missing options
    Files.createDirectories(data.resolve("logs"));
    System.setProperty("solr.log.dir", data.resolve("logs").toString());
    System.setProperty("solr.install.dir", data.toString());

    int zkPort = o.port() + 1000;
    Path zkDir = data.resolve("zookeeper");
    Files.createDirectories(zkDir);
    Properties zkConfig = new Properties();
    zkConfig.setProperty("dataDir", zkDir.resolve("data").toString());
    zkConfig.setProperty("clientPort", Integer.toString(zkPort));
    zkConfig.setProperty("clientPortAddress", "127.0.0.1");
    zkConfig.setProperty("tickTime", "2000");
    zkConfig.setProperty("initLimit", "10");
    zkConfig.setProperty("syncLimit", "5");
    zkConfig.setProperty("admin.enableServer", "false");
    zkConfig.setProperty("4lw.commands.whitelist", "ruok,mntr,conf");
    ZooKeeperServerEmbedded zk =
        ZooKeeperServerEmbedded.builder()
            .baseDir(zkDir)
            .configuration(zkConfig)
            .exitHandler(ExitHandler.LOG_ONLY)
            .build();
    zk.start(TimeUnit.SECONDS.toMillis(30));
    String zkHost = "127.0.0.1:" + zkPort;
    boolean secured;
    try {
      secured = writeSecurity(zkHost, o.admin());
    } catch (Exception | Error e) {
      zk.close();
      throw e;
    }

    List<SolrNodeExtension> extensions = new ArrayList<>();
    ServiceLoader.load(SolrNodeExtension.class).forEach(extensions::add);
    JettyConfig.Builder jc = JettyConfig.builder().setPort(o.port()).setContext("/solr").stopAtShutdown(false);
    for (SolrNodeExtension e : extensions) {
      e.configure(jc);
    }
    Properties nodeProps = new Properties();
    nodeProps.setProperty("zkHost", zkHost);
    nodeProps.setProperty("hostPort", Integer.toString(o.port()));
    JettySolrRunner jetty = new JettySolrRunner(home.toString(), nodeProps, jc.build());
    SolrNode node = new SolrNode(zk, jetty, extensions, o.collection(), o.admin());
    node.secured = secured;
    try {
      jetty.start();
      node.ensureCollection(o);
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
    return node;
  }

  /** Puts BasicAuth in ZooKeeper's /security.json when asked; whether authentication is on. */
  private static boolean writeSecurity(String zkHost, SolrCredentials admin) throws Exception {
    try (SolrZkClient zkClient = new SolrZkClient.Builder().withUrl(zkHost).withTimeout(30, TimeUnit.SECONDS).build()) {
      byte[] existing = zkClient.exists("/security.json", true) ? zkClient.getData("/security.json", null, null, true) : null;
      if (admin == null) {
        if (ServeSecurity.authenticationOn(existing)) {
          // creating or reloading the collection needs an admin: fail now, with the remedy
          throw new IllegalStateException("BasicAuth is on for this data folder (security.json in its ZooKeeper):"
              + " start with --user NAME:PASSWORD of an admin (or GROUNDED_OCR_USER)");
        }
        return false;
      }
      byte[] json = ServeSecurity.withAdmin(existing, admin);
      if (existing == null) {
        zkClient.create("/security.json", json, CreateMode.PERSISTENT, true);
      } else {
        zkClient.setData("/security.json", json, true);
      }
      return true;
    }
  }

  /** Whether Solr asks for a user (BasicAuth on). */
  public boolean secured() {
    return secured;
  }

  private <T extends org.apache.solr.client.solrj.SolrRequest<?>> T authorized(T request) {
    if (admin != null) {
      request.setBasicAuthCredentials(admin.user(), admin.password());
    }
    return request;
  }

  private void ensureCollection(Options o) throws Exception {
    var cc = jetty.getCoreContainer();
    Path conf = o.configset() != null ? o.configset() : Configsets.extract(Files.createTempDirectory("grounded-ocr-configset"));
    // always upload: a newer build's configset replaces the one a previous run left in ZooKeeper
    cc.getConfigSetService().uploadConfig(Configsets.NAME, conf, true);
    ZkStateReader reader = cc.getZkController().getZkStateReader();
    try (SolrClient client = new Http2SolrClient.Builder(baseUrl()).build()) {
      if (reader.getClusterState().getCollectionOrNull(o.collection()) == null) {
        authorized(CollectionAdminRequest.createCollection(o.collection(), Configsets.NAME, o.shards(), o.replicas()))
            .process(client);
      } else {
        authorized(CollectionAdminRequest.reloadCollection(o.collection())).process(client);
      }
    }
    // active AND on a live node: after a restart, state.json still says "active" from the last run
    // while the replicas replay their transaction logs; only a live node's replica can answer
    reader.waitForState(o.collection(), 600, TimeUnit.SECONDS, (nodes, c) -> allActive(c, nodes));
    // one real search: "Solr is running" is printed only once the collection answers
    try (SolrClient client = new Http2SolrClient.Builder(baseUrl()).build()) {
      authorized(new org.apache.solr.client.solrj.request.QueryRequest(
          new org.apache.solr.common.params.ModifiableSolrParams().set("q", "*:*").set("rows", 0)))
          .process(client, o.collection());
    }
  }

  private static boolean allActive(DocCollection c, java.util.Set<String> liveNodes) {
    if (c == null || c.getSlices().isEmpty()) {
      return false;
    }
    for (var slice : c.getSlices()) {
      for (Replica r : slice.getReplicas()) {
        if (!r.isActive(liveNodes)) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code http://127.0.0.1:8983/solr} */
  public String baseUrl() {
    return jetty.getBaseUrl().toString();
  }

  public String collection() {
    return collection;
  }

  public List<SolrNodeExtension> extensions() {
    return List.copyOf(extensions);
  }

  @Override
  public void close() throws Exception {
    try {
      if (jetty.isRunning()) {
        jetty.stop();
      }
    } finally {
      zk.close();
    }
  }

  private static final String SOLR_XML =
      """
      <?xml version="1.0" encoding="UTF-8" ?>
      <!-- written by grounded-ocr serve -->
      <solr>
        <str name="coreRootDirectory">${coreRootDirectory:.}</str>
        <str name="sharedLib">${solr.sharedLib:}</str>
        <int name="maxBooleanClauses">${solr.max.booleanClauses:1024}</int>
        <solrcloud>
          <str name="host">${host:127.0.0.1}</str>
          <int name="hostPort">${hostPort:8983}</int>
          <str name="hostContext">${hostContext:solr}</str>
          <str name="zkHost">${zkHost:}</str>
          <int name="zkClientTimeout">${zkClientTimeout:30000}</int>
          <bool name="genericCoreNodeNames">true</bool>
          <int name="distribUpdateConnTimeout">${distribUpdateConnTimeout:60000}</int>
          <int name="distribUpdateSoTimeout">${distribUpdateSoTimeout:600000}</int>
        </solrcloud>
        <shardHandlerFactory name="shardHandlerFactory" class="HttpShardHandlerFactory">
          <int name="socketTimeout">${socketTimeout:600000}</int>
          <int name="connTimeout">${connTimeout:60000}</int>
        </shardHandlerFactory>
      </solr>
      """;
}
