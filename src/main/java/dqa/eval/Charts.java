package dqa.eval;

import dqa.attack.Norm;
import dqa.run.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line charts of evaluation results, as plain data ({@link LineChart}) that renders the same way to
 * a JFreeChart chart (PNG, or the window's chart viewer) and to a small standalone SVG.
 */
public final class Charts {
  /** Series colours (Tableau 10), in order; PNG and SVG use the same. */
  static final Color[] PALETTE = {
    new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
    new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)
  };

  private Charts() {}

  /** One line: its legend label, points, and whether it is drawn dashed. */
  public record Series(String label, double[] x, double[] y, boolean dashed) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("a series needs as many x as y values");
      }
    }
  }

  /** A line chart: title, axis titles with units, y range, and its series. */
  public record LineChart(String title, String xLabel, String yLabel, double yMin, double yMax, List<Series> series) {
    public LineChart {
      series = List.copyOf(series);
    }
  }

  /**
   * Robust accuracy (%) against ε: one solid series per model × attack and, when a model has more
   * than one attack, a dashed series of its worst case across attacks.
   */
  public static LineChart accuracyVsEps(SweepResult s) {
    return accuracyVsEps(
        String.format(Locale.ROOT, "Accuracy under attack — %s, %d test images", s.data().label(), s.data().n()),
        s.cells(), s.worstCase());
  }

  /**
   * The same chart from cells and worst cases as a sweep streams them (e.g. to a live chart):
   * series in order of first appearance, labelled "network · attack" and "network · any attack".
   */
  public static LineChart accuracyVsEps(String title, List<SweepCell> cells, List<WorstCase> worstCase) {
    Map<String, List<SweepCell>> byKey = new LinkedHashMap<>();
    Set<Norm> norms = new LinkedHashSet<>();
    Set<Integer> attacks = new LinkedHashSet<>();
    for (SweepCell c : cells) {
      byKey.computeIfAbsent(c.modelIndex() + "/" + c.attackIndex(), k -> new ArrayList<>()).add(c);
      norms.add(c.norm());
      attacks.add(c.attackIndex());
    }
    List<Series> series = new ArrayList<>();
    Set<Integer> models = new LinkedHashSet<>();
    for (SweepCell c : cells) {
      models.add(c.modelIndex());
    }
    for (int m : models) {
      for (List<SweepCell> list : byKey.values()) {
        if (list.get(0).modelIndex() != m) {
          continue;
        }
        List<SweepCell> sorted = list.stream().sorted(Comparator.comparingDouble(SweepCell::eps)).toList();
        series.add(new Series(middle(sorted.get(0).network(), NAME_CHARS) + " · " + sorted.get(0).attack(),
            sorted.stream().mapToDouble(SweepCell::eps).toArray(),
            sorted.stream().mapToDouble(c -> 100 * c.robustAccuracy()).toArray(), false));
      }
      if (attacks.size() > 1) {
        for (Norm norm : norms) {
          List<WorstCase> rows = worstCase.stream()
              .filter(w -> w.modelIndex() == m && w.norm() == norm && w.attacks().size() > 1)
              .sorted(Comparator.comparingDouble(WorstCase::eps)).toList();
          if (!rows.isEmpty()) {
            series.add(new Series(middle(rows.get(0).network(), NAME_CHARS) + " · any attack" + (norms.size() > 1 ? " (" + norm + ")" : ""),
                rows.stream().mapToDouble(WorstCase::eps).toArray(),
                rows.stream().mapToDouble(w -> 100 * w.robustAccuracy()).toArray(), true));
          }
        }
      }
    }
    String unit =
        norms.size() == 1
            ? (norms.iterator().next() == Norm.L2 ? "L2" : "L∞") + " budget"
            : "budget in each attack's norm";
    return new LineChart(title, "ε (" + unit + ", [0, 1] pixel units)", "robust accuracy (%)", 0, 100, series);
  }

  /** The chart as a JFreeChart chart (white background, legend below, shapes on the points). */
  public static JFreeChart jfree(LineChart chart) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Series s : chart.series()) {
      XYSeries xy = new XYSeries(s.label(), false, true);
      for (int i = 0; i < s.x().length; i++) {
        xy.add(s.x()[i], s.y()[i]);
      }
      data.addSeries(xy);
    }
    NumberAxis x = new NumberAxis(chart.xLabel());
    x.setAutoRangeIncludesZero(true);
    NumberAxis y = new NumberAxis(chart.yLabel());
    y.setRange(chart.yMin(), chart.yMax());
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < chart.series().size(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(
          i,
          chart.series().get(i).dashed()
              ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
              : new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    JFreeChart jfree = new JFreeChart(chart.title(), new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
    jfree.setBackgroundPaint(Color.WHITE);
    LegendTitle legend = jfree.getLegend();
    legend.setPosition(RectangleEdge.BOTTOM);
    return jfree;
  }

  /** The chart as PNG bytes. */
  public static byte[] png(LineChart chart, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, jfree(chart), width, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static void writePng(Path file, LineChart chart, int width, int height) {
    AtomicFiles.writeBytes(file, png(chart, width, height));
  }

  public static void writeSvg(Path file, LineChart chart, int width, int height) {
    AtomicFiles.writeString(file, svg(chart, width, height));
  }

  /**
   * The chart as a standalone SVG 1.1 document: axes with ticks and titles, grid, one polyline with
   * point markers per series, and a legend below (the image grows by one line per series).
   */
  public static String svg(LineChart chart, int width, int plotHeight) {
    int left = 70;
    int right = 24;
    int top = 44;
    int bottom = 64;
    int legendLine = 20;
    int height = plotHeight + legendLine * chart.series().size() + 10;
    double pw = width - left - right;
    double ph = plotHeight - top - bottom;
    double xMax = 0;
    double xMin = 0;
    for (Series s : chart.series()) {
      for (double v : s.x()) {
        xMax = Math.max(xMax, v);
        xMin = Math.min(xMin, v);
      }
    }
    if (xMax <= xMin) {
      xMax = xMin + 1;
    }
    double[] xTicks = ticks(xMin, xMax);
    double x0 = xMin;
    double x1 = Math.max(xMax, xTicks[xTicks.length - 1]);
    double y0 = chart.yMin();
    double y1 = chart.yMax();
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " font-family=\"sans-serif\" font-size=\"12\">\n", width, height, width, height));
    b.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width,
        height));
    b.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">%s</text>\n", width / 2,
        xml(chart.title())));
    // Grid and ticks.
    for (double t : xTicks) {
      double px = left + (t - x0) / (x1 - x0) * pw;
      b.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n", px, top, px, top + ph));
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", px,
          top + ph + 18, xml(EpsList.format(t))));
    }
    for (double t : ticks(y0, y1)) {
      double py = top + ph - (t - y0) / (y1 - y0) * ph;
      b.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n", left, py, left + pw, py));
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left - 6,
          py + 4, xml(EpsList.format(t))));
    }
    b.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#444444\"/>\n", left, top, pw,
        ph));
    b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
        left + pw / 2, top + ph + 42, xml(chart.xLabel())));
    b.append(String.format(Locale.ROOT,
        "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 18 %.1f)\">%s</text>\n",
        top + ph / 2, top + ph / 2, xml(chart.yLabel())));
    // Series.
    for (int i = 0; i < chart.series().size(); i++) {
      Series s = chart.series().get(i);
      String colour = hex(PALETTE[i % PALETTE.length]);
      StringBuilder points = new StringBuilder();
      StringBuilder marks = new StringBuilder();
      for (int k = 0; k < s.x().length; k++) {
        double px = left + (s.x()[k] - x0) / (x1 - x0) * pw;
        double py = top + ph - (Math.max(y0, Math.min(y1, s.y()[k])) - y0) / (y1 - y0) * ph;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        marks.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", px, py,
            colour));
      }
      b.append(String.format(Locale.ROOT,
          "<g><title>%s</title><polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%s</g>\n",
          xml(s.label()), points.toString().trim(), colour, s.dashed() ? " stroke-dasharray=\"6,4\"" : "", marks));
      double ly = plotHeight + i * legendLine + 4;
      b.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>"
              + "<text x=\"%d\" y=\"%.1f\">%s</text>\n",
          left, ly, left + 28, ly, colour, s.dashed() ? " stroke-dasharray=\"6,4\"" : "", left + 36, ly + 4,
          xml(s.label())));
    }
    b.append("</svg>\n");
    return b.toString();
  }

  /** About five round tick values covering [lo, hi]. */
  static double[] ticks(double lo, double hi) {
    double range = hi - lo;
    double raw = range / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
    for (double f : new double[] {1, 2, 2.5, 5, 10}) {
      if (f * magnitude >= raw) {
        step = f * magnitude;
        break;
      }
    }
    List<Double> out = new ArrayList<>();
    for (double t = Math.floor(lo / step) * step; t <= hi + step * 0.999; t += step) {
      out.add(Math.round(t / step) * step);
      if (t >= hi - 1e-12) {
        break;
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static String hex(Color c) {
    return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
  }

  static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Legend names longer than this are shortened in the middle (run ids share their start and end). */
  static final int NAME_CHARS = 28;

  /** {@code text} shortened to {@code max} characters by an ellipsis in the middle, or as it is. */
  public static String middle(String text, int max) {
    if (text == null || text.length() <= max || max < 5) {
      return text;
    }
    int head = (max - 1) / 2;
    int tail = max - 1 - head;
    return text.substring(0, head) + "…" + text.substring(text.length() - tail);
  }
}
