package dqa.train;

import dqa.run.AtomicFiles;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Keeps the table of shipped models in {@code models/README.md} in step with their cards: the part
 * between the two marker lines is rewritten from every {@code card.json}, the rest is left alone.
 */
public final class ModelsReadme {
  static final String BEGIN = "<!-- shipped-models:begin (written by `ship` and `reproduce` from the cards) -->";
  static final String END = "<!-- shipped-models:end -->";

  private ModelsReadme() {}

  /** Rewrites the table in {@code models/README.md} (appending the markers if the file has none). */
  public static void update(Path modelsDir) {
    Path readme = modelsDir.resolve("README.md");
    try {
      String text = Files.exists(readme) ? Files.readString(readme) : "# Shipped models\n";
      String table = BEGIN + "\n" + table(cards(modelsDir)) + END;
      int b = text.indexOf(BEGIN);
      int e = text.indexOf(END);
      String updated =
          b >= 0 && e > b
              ? text.substring(0, b) + table + text.substring(e + END.length())
              : text.stripTrailing() + "\n\n" + table + "\n";
      AtomicFiles.writeString(readme, updated);
    } catch (IOException e) {
      throw new UserException("cannot update " + readme + ": " + e.getMessage(), e);
    }
  }

  static List<ModelCard> cards(Path modelsDir) throws IOException {
    List<ModelCard> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(modelsDir)) {
      for (Path d : s.filter(p -> Files.isRegularFile(p.resolve(ModelCard.FILE))).sorted().toList()) {
        out.add(ModelCard.read(d));
      }
    }
    return out;
  }

  static String table(List<ModelCard> cards) {
    StringBuilder b = new StringBuilder();
    b.append("| model | network | training | epochs | test accuracy | bundled sample | PGD-40 ε 0.3 (ste) | AutoAttack ε 0.3 | worst case | trained in |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (ModelCard c : cards) {
      var adv = c.recipe().adversarial();
      String training =
          adv.method() == AdversarialConfig.Method.NONE
              ? "clean"
              : String.format(Locale.ROOT, "%s ε %s, %d steps of %s", adv.method().toString().toUpperCase(Locale.ROOT),
                  trim(adv.eps()), adv.steps(), trim(adv.step()));
      b.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %d | %.2f %% | %.1f %% | %s | %s | %s | %s |%n", c.name(),
          c.network(), training, c.epochs(), 100 * c.testAccuracy(), 100 * c.sampleAccuracy(),
          pct(c.robustness().get("pgd-40 ste accuracy")), pct(c.robustness().get("autoattack accuracy")),
          pct(c.robustness().get("worst case accuracy")),
          minutes(c.trainingSeconds())));
    }
    b.append("\nTest accuracy on the full 10,000-image test set; bundled sample: its 1,000 test images (checked on every "
        + "build). Robust accuracies from `reproduce` (see docs/REPRODUCTION.md); — where it has not run yet. Trained on "
        + "2 CPU cores; each card has the machine and versions.\n");
    return b.toString();
  }

  private static String pct(Double v) {
    return v == null ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.4f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private static String minutes(double seconds) {
    return seconds < 90 ? String.format(Locale.ROOT, "%.0f s", seconds) : String.format(Locale.ROOT, "%.0f min", seconds / 60);
  }
}
