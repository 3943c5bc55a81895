package dqa.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dqa.run.Json;
import dqa.run.Provenance;
import java.util.ArrayList;
import java.util.List;

/** The manifest of a result as key–value lines, shared by the CSV headers and the HTML report. */
final class Manifests {
  private Manifests() {}

  /** One manifest line. */
  record Entry(String key, String value) {}

  static List<Entry> of(SweepResult s) {
    List<Entry> out = new ArrayList<>();
    out.add(new Entry("format", SweepResult.FORMAT));
    out.add(new Entry("status", s.status().toString().toLowerCase(java.util.Locale.ROOT)
        + (s.message() == null ? "" : " (" + s.message() + ")")));
    data(out, s.data());
    models(out, s.models());
    List<String> labels = s.config().attackLabels();
    for (int a = 0; a < labels.size(); a++) {
      String spec = AttackSpecs.format(s.config().attacks().get(a));
      out.add(new Entry("attack " + (a + 1), labels.get(a).equals(spec) ? spec : labels.get(a) + " = " + spec));
    }
    out.add(new Entry("eps", EpsList.format(s.config().eps())));
    out.add(new Entry("seed, batch, reuse", s.config().seed() + ", " + s.config().batch() + ", "
        + (s.config().reuse() ? "reuse across eps on" : "reuse across eps off")));
    provenance(out, "provenance", s.provenance());
    for (int i = 0; i < s.resumed().size(); i++) {
      provenance(out, "resumed " + (i + 1), s.resumed().get(i));
    }
    out.add(new Entry("seconds", String.format(java.util.Locale.ROOT, "%.1f", s.seconds())));
    out.add(new Entry("config", compactJson(s.config())));
    return out;
  }

  static List<Entry> of(TransferResult t) {
    List<Entry> out = new ArrayList<>();
    out.add(new Entry("format", TransferResult.FORMAT));
    data(out, t.data());
    models(out, t.models());
    out.add(new Entry("attack", t.attack()));
    out.add(new Entry("seed, batch", t.config().seed() + ", " + t.config().batch()));
    provenance(out, "provenance", t.provenance());
    out.add(new Entry("seconds", String.format(java.util.Locale.ROOT, "%.1f", t.seconds())));
    out.add(new Entry("config", compactJson(t.config())));
    return out;
  }

  private static void data(List<Entry> out, DataRecord d) {
    out.add(new Entry("data set", d.label() + " (" + d.source() + ", " + d.folder() + "), sha256 " + d.sha256()
        + (d.verified() ? ", verified" : "")));
    out.add(new Entry("images", d.subset() + "; indices sha256 " + d.indicesSha256()));
  }

  private static void models(List<Entry> out, List<ModelRecord> models) {
    for (int m = 0; m < models.size(); m++) {
      ModelRecord r = models.get(m);
      out.add(new Entry("model " + (m + 1), ModelRecord.label(models, m) + " = " + r.ref() + " (" + r.folder()
          + "), sha256 " + r.sha256()));
    }
  }

  private static void provenance(List<Entry> out, String key, Provenance p) {
    if (p == null) {
      return;
    }
    out.add(new Entry(key, p.product() + " " + p.productVersion() + (p.gitCommit() == null ? "" : " (git "
        + p.gitCommit() + ")") + "; DJL " + p.djlVersion() + "; PyTorch " + p.pytorchVersion() + "; Java " + p.java()
        + "; " + p.os() + "; " + p.cores() + " cores"
        + (p.engineThreads() == null ? "" : ", " + p.engineThreads() + " engine threads") + "; " + p.device() + "; " + p.createdAt()));
  }

  static String compactJson(Object value) {
    try {
      return Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
