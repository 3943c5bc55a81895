package dqa.train;

import dqa.data.DatasetId;
import dqa.run.AtomicFiles;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * One table per data set (MNIST first, then in order of name), each with the ε its robust accuracies were
   * measured at: 0.3 on MNIST is 8/255 on CIFAR-10, and one column for both would compare nothing.
   */
  static String table(List<ModelCard> cards) {
    Map<String, List<ModelCard>> byDataset = new TreeMap<>(
        Comparator.comparing((String d) -> !d.equals("mnist")).thenComparing(Comparator.naturalOrder()));
    for (ModelCard c : cards) {
      byDataset.computeIfAbsent(c.dataset(), d -> new ArrayList<>()).add(c);
    }
    StringBuilder b = new StringBuilder();
    for (List<ModelCard> group : byDataset.values()) {
      ModelCard first = group.get(0);
      String name = first.datasetName() != null ? first.datasetName() : displayName(first.dataset());
      String eps = group.stream().map(ModelsReadme::studyEps).filter(e -> e != null).findFirst().orElse(null);
      b.append("**").append(name).append("**").append(eps == null ? "" : " — robust accuracies at ε " + eps)
          .append("\n\n");
      b.append("| model | network | training | epochs | test accuracy | bundled sample | PGD (ste) | AutoAttack | worst case | trained in |\n");
      b.append("|---|---|---|---|---|---|---|---|---|---|\n");
      for (ModelCard c : group) {
        b.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %d | %.2f %% | %.1f %% | %s | %s | %s | %s |%n", c.name(),
            c.network(), training(c.recipe().adversarial()), c.epochs(), 100 * c.testAccuracy(),
            100 * c.sampleAccuracy(), pct(pgdSte(c)), pct(c.robustness().get("autoattack accuracy")),
            pct(c.robustness().get("worst case accuracy")), minutes(c.trainingSeconds())));
      }
      b.append("\n");
    }
    b.append("Test accuracy on the full test set (10,000 images); bundled sample: its 1,000 test images (checked on every "
        + "build). Robust accuracies from `reproduce` (see docs/REPRODUCTION.md): PGD with straight-through gradients "
        + "(40 steps on MNIST, 20 on CIFAR-10); — where it has not run yet. Trained on 2 CPU cores; each card has the "
        + "machine and versions.\n");
    return b.toString();
  }

  private static String displayName(String key) {
    try {
      return DatasetId.parse(key).displayName();
    } catch (UserException e) {
      return key;
    }
  }

  private static String training(AdversarialConfig adv) {
    if (adv.method() == AdversarialConfig.Method.NONE) {
      return "clean";
    }
    if (adv.method() == AdversarialConfig.Method.PGD && adv.steps() == 1 && adv.randomStart()) {
      // Wong et al. (2020): one signed-gradient step from a random start, "fast is better than free".
      return String.format(Locale.ROOT, "fast FGSM ε %s (random start, step %s)", fraction(adv.eps()), fraction(adv.step()));
    }
    return String.format(Locale.ROOT, "%s ε %s, %d steps of %s", adv.method().toString().toUpperCase(Locale.ROOT),
        fraction(adv.eps()), adv.steps(), fraction(adv.step()));
  }

  /** The straight-through PGD accuracy, whatever its step count ({@code pgd-40 ste accuracy}, {@code pgd-20 …}). */
  private static Double pgdSte(ModelCard c) {
    return c.robustness().entrySet().stream()
        .filter(e -> e.getKey().matches("pgd-\\d+ ste accuracy")).map(Map.Entry::getValue).findFirst().orElse(null);
  }

  /** The ε a card's robust accuracies were measured at, as {@code reproduce} wrote it ("…, eps 0.3; see …"). */
  static String studyEps(ModelCard c) {
    if (c.robustnessImages() == null) {
      return null;
    }
    Matcher m = Pattern.compile("eps ([0-9./]+);").matcher(c.robustnessImages());
    if (!m.find()) {
      return null;
    }
    String eps = m.group(1);
    try {
      return eps.contains("/") ? eps : fraction(Double.parseDouble(eps));
    } catch (NumberFormatException e) {
      return eps;
    }
  }

  /** A budget as people write it: 8/255 for multiples of 1/255 below 1/10, else a decimal. */
  static String fraction(double v) {
    long n = Math.round(v * 255);
    if (v < 0.1 && n > 0 && Math.abs(n / 255.0 - v) < 5e-6) { // budgets are printed to 4 significant digits
      return n + "/255";
    }
    return trim(v);
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
