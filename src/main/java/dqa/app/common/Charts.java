package dqa.app.common;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;

/** Line charts in one consistent look: titled axes with units, legend, light grid. */
public final class Charts {
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)
  };

  private Charts() {}

  /** An XY line chart over a dataset that callers fill (on the FX thread). */
  public static JFreeChart lineChart(String title, String xLabel, String yLabel, XYSeriesCollection data, boolean shapes) {
    JFreeChart chart =
        ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, true, false);
    chart.setBackgroundPaint(Color.WHITE);
    if (chart.getTitle() != null) {
      chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 13));
    }
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    XYLineAndShapeRenderer renderer = new LoneDotRenderer(shapes);
    for (int i = 0; i < PALETTE.length; i++) {
      renderer.setSeriesPaint(i, PALETTE[i]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    NumberAxis range = (NumberAxis) plot.getRangeAxis();
    range.setAutoRangeIncludesZero(false);
    // One point (or a flat line) spans nothing: JFreeChart would zoom to 1e-8 around it and label the
    // ticks 0.99999999, 1.00000001. These minimum spans keep the axes readable for such series.
    range.setAutoRangeMinimumSize(MIN_SPAN);
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeMinimumSize(MIN_SPAN);
    return chart;
  }

  /** The smallest span an auto-ranged axis shows (in the axis's units: accuracy, ε, loss). */
  static final double MIN_SPAN = 0.05;

  /** A chart over epochs: whole-number ticks, and one epoch shown as epochs 0 … 2, not as 0.975 … 1.025. */
  public static void perEpoch(JFreeChart chart) {
    NumberAxis epochs = (NumberAxis) chart.getXYPlot().getDomainAxis();
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epochs.setAutoRangeMinimumSize(2);
  }

  /** Draws a series of one point as a dot, which a line-only renderer would leave invisible. */
  static final class LoneDotRenderer extends XYLineAndShapeRenderer {
    private static final long serialVersionUID = 1L;

    LoneDotRenderer(boolean shapes) {
      super(true, shapes);
    }

    @Override
    public boolean getItemShapeVisible(int series, int item) {
      if (super.getItemShapeVisible(series, item)) {
        return true;
      }
      XYPlot plot = getPlot();
      return plot != null && plot.getDataset() != null && plot.getDataset().getItemCount(series) == 1;
    }
  }

  /** A chart on a JavaFX node. */
  public static ChartViewer viewer(JFreeChart chart) {
    ChartViewer viewer = new ChartViewer(chart);
    viewer.setMinSize(200, 160);
    return viewer;
  }

  /** Fixes the range axis to [lo, hi] (accuracy charts read better from 0 to 1). */
  public static void fixRange(JFreeChart chart, double lo, double hi) {
    chart.getXYPlot().getRangeAxis().setRange(lo, hi);
  }
}
