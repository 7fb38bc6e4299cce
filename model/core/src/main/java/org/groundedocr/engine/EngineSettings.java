package org.groundedocr.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings an engine declares (see {@link EngineSetting}), in the order its documentation
 * lists them. {@link #check} is the one place engine options are validated, whichever way they
 * came in (Tika {@code <param>}s, Solr {@code ocr.*} parameters, CLI options).
 *
 * @param engine the engine's name
 * @param settings the declared settings
 * @param open whether names outside {@code settings} are passed through unchecked (engines of
 *     third parties that declare nothing); the project's engines are closed, so a typo such as
 *     {@code limitside} fails instead of being ignored
 */
public record EngineSettings(String engine, List<EngineSetting> settings, boolean open) {

  public EngineSettings {
    settings = List.copyOf(settings);
    Map<String, EngineSetting> seen = new LinkedHashMap<>();
    for (EngineSetting s : settings) {
      if (seen.put(s.name(), s) != null) {
        throw new IllegalArgumentException(engine + " declares setting " + s.name() + " twice");
      }
    }
  }

  /** A closed declaration: only these settings are accepted. */
  public static EngineSettings of(String engine, EngineSetting... settings) {
    return new EngineSettings(engine, List.of(settings), false);
  }

  /** For an engine that declares nothing: any option passes, unchecked. */
  public static EngineSettings undeclared(String engine) {
    return new EngineSettings(engine, List.of(), true);
  }

  public Optional<EngineSetting> find(String name) {
    return settings.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public List<String> names() {
    return settings.stream().map(EngineSetting::name).toList();
  }

  /**
   * {@code options} checked and normalised against the declaration.
   *
   * @throws IllegalArgumentException naming the first unknown or bad option
   */
  public Map<String, String> check(Map<String, String> options) {
    Map<String, String> checked = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      checked.put(e.getKey(), check(e.getKey(), e.getValue()));
    }
    return checked;
  }

  /** One option checked and normalised. */
  public String check(String name, String value) {
    Optional<EngineSetting> s = find(name);
    if (s.isPresent()) {
      return s.get().check(value);
    }
    if (open) {
      return value;
    }
    throw new IllegalArgumentException("unknown " + engine + " engine option '" + name + "'; known: "
        + String.join(", ", names().stream().sorted().toList()));
  }

  /** The settings as a Markdown table (option, default, values, meaning), as the README shows them. */
  public String markdownTable() {
    StringBuilder sb = new StringBuilder("| option | default | values | meaning |\n| --- | --- | --- | --- |\n");
    for (EngineSetting s : settings) {
      sb.append("| `").append(s.name()).append("` | ")
          .append(s.defaultValue().isEmpty() ? "—" : "`" + s.defaultValue() + "`").append(" | ")
          .append(s.valueHint()).append(" | ")
          .append(s.doc().replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }
}
