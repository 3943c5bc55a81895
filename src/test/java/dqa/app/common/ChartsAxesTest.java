package dqa.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** Charts of one point: readable axes and a visible dot (JFreeChart alone zooms to 1e-8 and draws nothing). */
class ChartsAxesTest {
  private static JFreeChart onePoint(double x, double y, boolean shapes) {
    XYSeries s = new XYSeries("test accuracy");
    s.add(x, y);
    JFreeChart chart = Charts.lineChart("t", "Epoch", "Accuracy", new XYSeriesCollection(s), shapes);
    chart.createBufferedImage(400, 300); // lays the axes out as a screen would
    return chart;
  }

  @Test
  void onePointGetsAxesOfASpanPeopleCanRead() {
    JFreeChart chart = onePoint(0.3, 0.987, false);
    ValueAxis range = chart.getXYPlot().getRangeAxis();
    ValueAxis domain = chart.getXYPlot().getDomainAxis();
    assertTrue(range.getRange().getLength() >= Charts.MIN_SPAN - 1e-12, range.getRange().toString());
    assertTrue(range.getRange().contains(0.987));
    assertTrue(domain.getRange().getLength() >= Charts.MIN_SPAN - 1e-12, domain.getRange().toString());
  }

  @Test
  void oneEpochIsShownAmongWholeEpochs() {
    JFreeChart chart = onePoint(1, 0.9, true);
    Charts.perEpoch(chart);
    chart.createBufferedImage(400, 300);
    ValueAxis epochs = chart.getXYPlot().getDomainAxis();
    assertEquals(0, epochs.getRange().getLowerBound(), 1e-9);
    assertEquals(2, epochs.getRange().getUpperBound(), 1e-9);
  }

  @Test
  void aLoneValueOfALineOnlySeriesIsDrawnAsADot() {
    JFreeChart chart = onePoint(1, 0.5, false);
    var renderer = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
    assertTrue(renderer.getItemShapeVisible(0, 0), "one point: a dot");
    ((XYSeriesCollection) chart.getXYPlot().getDataset()).getSeries(0).add(2, 0.6);
    assertTrue(!renderer.getItemShapeVisible(0, 0), "two points: the line, no dots");
  }
}
