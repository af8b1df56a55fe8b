package dev.assay.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunKeyTest {
  static final DataVersion TRAIN = new DataVersion("7c0a-table", 3, "/w/demo/train", 1_000);
  static final DataVersion EVAL = new DataVersion("91bd-table", 1, "/w/demo/eval", 2_000);

  static RunKey key(Map<String, DataVersion> data, String spec, String code, Map<String, String> libs) {
    return RunKey.of("train", spec, data, code, libs);
  }

  @Test
  void canonicalFormIsSortedAndIgnoresPathsAndTimestamps() {
    Map<String, DataVersion> data = new LinkedHashMap<>();
    data.put("train", TRAIN);
    data.put("eval:holdout", EVAL);
    assertThat(RunKey.canonical("train", "{\"a\":1}", data, "abc", Map.of("xgboost", "3.4.0")))
        .isEqualTo("code=abc\ncommand=train\ndata.eval:holdout=91bd-table@v1\ndata.train=7c0a-table@v3\n"
            + "lib.xgboost=3.4.0\nspec={\"a\":1}");
    Map<String, DataVersion> reordered = new LinkedHashMap<>();
    reordered.put("eval:holdout", new DataVersion("91bd-table", 1, "/elsewhere/eval", 99));
    reordered.put("train", new DataVersion("7c0a-table", 3, "s3a://b/train", 5));
    assertThat(key(reordered, "{}", "abc", Map.of())).isEqualTo(key(data, "{}", "abc", Map.of()));
  }

  @Test
  void anyInputThatChangesResultsChangesTheKey() {
    RunKey base = key(Map.of("train", TRAIN), "{\"seed\":1}", "abc", Map.of("xgboost", "3.4.0"));
    assertThat(base.value()).hasSize(64).matches("[0-9a-f]+");
    assertThat(key(Map.of("train", TRAIN), "{\"seed\":1}", "abc", Map.of("xgboost", "3.4.0"))).isEqualTo(base);
    assertThat(key(Map.of("train", TRAIN), "{\"seed\":2}", "abc", Map.of("xgboost", "3.4.0"))).isNotEqualTo(base);
    assertThat(key(Map.of("train", new DataVersion("7c0a-table", 4, "p", 0)), "{\"seed\":1}", "abc",
        Map.of("xgboost", "3.4.0"))).isNotEqualTo(base);
    assertThat(key(Map.of("train", TRAIN), "{\"seed\":1}", "abd", Map.of("xgboost", "3.4.0"))).isNotEqualTo(base);
    assertThat(key(Map.of("train", TRAIN), "{\"seed\":1}", "abc", Map.of("xgboost", "3.4.1"))).isNotEqualTo(base);
    assertThat(RunKey.of("evaluate", "{\"seed\":1}", Map.of("train", TRAIN), "abc", Map.of("xgboost", "3.4.0")))
        .isNotEqualTo(base);
  }

  @Test
  void aNewlineInAValueCannotForgeAnotherField() {
    RunKey forged = key(Map.of(), "x\ncode=abc", "zzz", Map.of());
    RunKey honest = key(Map.of(), "x", "abc", Map.of());
    assertThat(forged).isNotEqualTo(honest);
  }
}
