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
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, shapes);
    for (int i = 0; i < PALETTE.length; i++) {
      renderer.setSeriesPaint(i, PALETTE[i]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    return chart;
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
