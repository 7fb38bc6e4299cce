package org.groundedocr.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.groundedocr.engine.EngineSetting;
import org.groundedocr.engine.OcrEngineProvider;
import org.groundedocr.engine.OcrEngines;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Command-line flags made from the settings the engines declare ({@link
 * OcrEngineProvider#settings()}): {@code limitSide} becomes {@code --limit-side}, {@code
 * maxNewTokens} {@code --max-new-tokens}. A given flag puts its value into the engine options
 * under the setting's own name, the same as {@code -O name=value}; the engine checks it. A setting
 * several engines declare ({@code threads}) is one flag.
 */
final class EngineSettingOptions {

  private EngineSettingOptions() {}

  /** Adds a flag to {@code spec} for each declared setting whose flag {@code spec} does not have yet. */
  static void addTo(CommandSpec spec, Map<String, String> engineOptions) {
    Map<String, List<String>> docs = new LinkedHashMap<>();
    Map<String, EngineSetting> first = new LinkedHashMap<>();
    for (OcrEngineProvider p : OcrEngines.providers()) {
      for (EngineSetting s : p.settings().settings()) {
        first.putIfAbsent(s.name(), s);
        docs.computeIfAbsent(s.name(), k -> new ArrayList<>())
            .add(p.name() + ": " + s.doc() + (s.defaultValue().isEmpty() ? "" : " (default " + s.defaultValue() + ")"));
      }
    }
    for (EngineSetting s : first.values()) {
      String flag = flag(s.name());
      if (spec.findOption(flag) != null) {
        continue;
      }
      ISetter setter = new ISetter() {
        @Override
        public <T> T set(T value) {
          // picocli also applies the option's (absent) initial value: only a given flag counts
          if (value != null) {
            engineOptions.put(s.name(), value.toString());
          }
          return null;
        }
      };
      spec.addOption(OptionSpec.builder(flag)
          .type(String.class)
          .arity("1")
          .paramLabel("<" + label(s) + ">")
          .description(String.join("; ", docs.get(s.name())).replace("%", "%%"))
          .setter(setter)
          .build());
    }
  }

  private static String label(EngineSetting s) {
    return switch (s.kind()) {
      case CHOICE -> String.join("|", s.choices());
      case BOOLEAN -> "true|false";
      default -> s.valueHint();
    };
  }

  /** {@code maxNewTokens} → {@code --max-new-tokens}. */
  static String flag(String setting) {
    return "--" + setting.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
