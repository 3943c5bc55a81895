package dqa.app.model;

import dqa.app.common.Charts;
import dqa.nn.ActivationSpec;
import dqa.nn.Architecture;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The Model step: architecture and activations, the quantizer staircases, size; load a saved model. */
public final class ModelView extends BorderPane {
  private final ModelViewModel model;
  private final Supplier<Optional<Path>> chooser;
  private final XYSeriesCollection curves = new XYSeriesCollection();

  public ModelView(ModelViewModel model, Supplier<Optional<Path>> chooser) {
    this.model = model;
    this.chooser = chooser;
    createView();
    initListeners();
  }

  private void createView() {
    setPadding(new Insets(16));
    Label title = new Label("Model");
    title.getStyleClass().add("view-title");
    Label help = new Label("Every hidden layer's activation is relu (the full-precision twin), fixed:k (clip to [−1, 1], "
        + "2^k evenly spaced levels, thresholds at the midpoints) or dqa:k (the same levels, learned thresholds). "
        + "These are this product's reconstruction of Rakin et al. (arXiv 1807.06714).");
    help.setWrapText(true);

    ChoiceBox<Architecture> arch = new ChoiceBox<>();
    arch.setId("model-architecture");
    arch.getItems().addAll(Architecture.values());
    arch.valueProperty().bindBidirectional(model.architecture);
    arch.setTooltip(new Tooltip("lenet: 28×28 gray, 3 hidden activations; resnet20: 32×32 colour, 19; cnn: small demo net"));
    TextField acts = new TextField();
    acts.setId("model-activations");
    acts.setPrefColumnCount(28);
    acts.textProperty().bindBidirectional(model.activations);
    acts.setTooltip(new Tooltip("One activation for all layers (dqa:2) or one per layer, comma separated (relu,fixed:2,dqa:2)"));
    dqa.app.common.FieldMarks.mark(arch, model.fieldProblems(), ModelViewModel.ARCHITECTURE);
    dqa.app.common.FieldMarks.mark(acts, model.fieldProblems(), ModelViewModel.ACTIVATIONS);
    GridPane form = new GridPane();
    form.setHgap(8);
    form.setVgap(6);
    form.addRow(0, new Label("Architecture"), arch);
    form.addRow(1, new Label("Activations"), acts);
    javafx.scene.control.TitledPane perLayer = new javafx.scene.control.TitledPane("Per layer",
        new dqa.app.common.ActivationEditor("model", model.architecture, model.activations));
    perLayer.setAnimated(false);
    perLayer.setExpanded(true);
    form.add(perLayer, 1, 2);
    Label validation = new Label();
    validation.setId("model-validation");
    validation.getStyleClass().add("validation-error");
    validation.textProperty().bind(model.validationProperty());
    Label summary = new Label();
    summary.setId("model-summary");
    summary.setWrapText(true);
    summary.textProperty().bind(model.summaryProperty());
    Button load = new Button("Load a saved model…");
    load.setId("model-load");
    load.setTooltip(new Tooltip("Open a run folder or model folder to see its learned DQA thresholds"));
    load.setOnAction(e -> chooser.get().ifPresent(model::load));

    JFreeChart chart = Charts.lineChart("Quantizer staircases", "Pre-activation input", "Output level", curves, false);
    chart.getXYPlot().getDomainAxis().setRange(-1.5, 1.5);
    Charts.fixRange(chart, -1.1, 1.1);
    var viewer = Charts.viewer(chart);
    viewer.setId("model-staircase-chart");

    setTop(new VBox(8, title, help, form, validation, summary, new HBox(8, load)));
    setCenter(viewer);
    BorderPane.setMargin(viewer, new Insets(12, 0, 0, 0));
  }

  private void initListeners() {
    model.staircasesProperty().addListener((o, a, b) -> draw(b));
    draw(model.staircasesProperty().get());
  }

  private void draw(Map<String, ModelViewModel.Staircase> stairs) {
    curves.removeAllSeries();
    int shown = 0;
    for (var s : stairs.values()) {
      if (shown++ >= 8) {
        break;
      }
      int levels = ActivationSpec.parse(s.spec()).levels();
      XYSeries series = new XYSeries(s.layer() + " " + s.spec() + (s.learned() ? " (learned)" : ""), false);
      // Exact vertical jumps: two points at each threshold.
      series.add(-1.5, -1.0);
      for (float t : s.thresholds()) {
        series.add(t, s.valueAt(t - 1e-6, levels));
        series.add(t, s.valueAt(t, levels));
      }
      series.add(1.5, s.valueAt(1.5, levels));
      curves.addSeries(series);
    }
  }
}
