package dqa.app.train;

import dqa.app.common.Charts;
import dqa.app.common.FieldMarks;
import dqa.nn.Architecture;
import dqa.train.AdversarialConfig;
import dqa.train.TrainConfig;
import dqa.train.TrainingListener;
import java.util.HashMap;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The Train step: the recipe form on the left, live loss, accuracy and DQA-threshold charts. */
public final class TrainView extends BorderPane {
  private final TrainViewModel model;
  private final XYSeries loss = new XYSeries("training loss (mean of ~1/50 epoch)");
  private final XYSeries trainAcc = new XYSeries("train accuracy (mean of ~1/50 epoch)");
  private final XYSeries testAcc = new XYSeries("test accuracy (epoch end)");
  private final XYSeriesCollection thresholds = new XYSeriesCollection();
  private final Map<String, XYSeries> thresholdSeries = new HashMap<>();
  // 2 chart updates a second: live enough to watch; each redraw of a chart costs the training threads CPU.
  private final Timeline drainer = new Timeline(new KeyFrame(Duration.millis(500), e -> drain()));
  private final java.util.List<JFreeChart> charts = new java.util.ArrayList<>();
  private JFreeChart thresholdChart;
  private JFreeChart lossChart;
  private int batchesPerEpoch = 1;
  // Batch points are averaged in buckets of about 1/50 epoch: a redraw costs in proportion to the points
  // drawn, and a chart of every batch made a 10-epoch run redraw ~5,000 points four times a second.
  private static final int POINTS_PER_EPOCH = 50;
  private int bucketSize = 1;
  private int inBucket;
  private double lossSum;
  private double accuracySum;

  public TrainView(TrainViewModel model) {
    this.model = model;
    createView();
    initListeners();
  }

  private void createView() {
    setPadding(new Insets(16));
    Label title = new Label("Train");
    title.getStyleClass().add("view-title");
    Label help = new Label("Train a network on the loaded data set. Quantized activations (fixed:k, dqa:k) learn through "
        + "straight-through gradients; DQA also learns its thresholds. The run lands in the workspace.");
    help.setWrapText(true);

    GridPane form = new GridPane();
    form.setHgap(8);
    form.setVgap(6);
    form.getColumnConstraints().addAll(new ColumnConstraints(130), new ColumnConstraints(150));
    int row = 0;
    ChoiceBox<Architecture> arch = new ChoiceBox<>();
    arch.getItems().addAll(Architecture.LENET, Architecture.CNN, Architecture.LENET_WIDE, Architecture.RESNET20, Architecture.LINEAR);
    arch.valueProperty().bindBidirectional(model.architecture);
    row = add(form, row, "Architecture", arch, "lenet: 0.43 M parameters for 28×28 gray; cnn: small and fast; resnet20: CIFAR-10");
    row = add(form, row, "Activation", field("train-activation", model.activation),
        "relu, fixed:k or dqa:k (k = 1…8 bits), one for all layers or a comma list per layer; dqa:k/channel learns per channel");
    javafx.scene.control.TitledPane perLayer = new javafx.scene.control.TitledPane("Per layer",
        new dqa.app.common.ActivationEditor("train", model.architecture, model.activation));
    perLayer.setAnimated(false);
    perLayer.setExpanded(false);
    form.add(perLayer, 0, row++, 2, 1);
    ComboBox<String> gradient = new ComboBox<>();
    gradient.setId("train-gradient");
    gradient.setEditable(true);
    gradient.getItems().addAll("ste", "surrogate:1");
    gradient.valueProperty().bindBidirectional(model.gradient);
    row = add(form, row, "Gradient", gradient,
        "Backward through quantizers: ste (straight-through) or surrogate:τ (smoothed staircase, τ in bin widths; "
            + "type another τ)");
    ChoiceBox<TrainConfig.Optimizer> opt = new ChoiceBox<>();
    opt.getItems().addAll(TrainConfig.Optimizer.values());
    opt.valueProperty().bindBidirectional(model.optimizer);
    row = add(form, row, "Optimizer", opt, "Adam (MNIST default) or SGD with momentum 0.9 (CIFAR-10 default)");
    row = add(form, row, "Learning rate", field("train-lr", model.learningRate), "Step size of the optimiser (Adam: 1e-3)");
    row = add(form, row, "Epochs", field("train-epochs", model.epochs), "Passes over the training images");
    row = add(form, row, "Batch size", field("train-batch", model.batchSize), "Images per optimisation step");
    row = add(form, row, "Training images", field("train-limit", model.limit),
        "Use only the first N training images (0 = all of the loaded set)");
    ChoiceBox<AdversarialConfig.Method> adv = new ChoiceBox<>();
    adv.getItems().addAll(AdversarialConfig.Method.values());
    adv.valueProperty().bindBidirectional(model.adversarial);
    row = add(form, row, "Adversarial", adv, "Madry-style adversarial training: none, FGSM or PGD examples mixed 50/50 with clean ones");
    row = add(form, row, "Adv. ε", field("train-adv-eps", model.advEps), "L∞ budget in [0, 1] pixel units (0.3 on MNIST)");
    row = add(form, row, "PGD step", field("train-adv-step", model.advStep), "PGD step size, pixel units");
    row = add(form, row, "PGD steps", field("train-adv-steps", model.advSteps), "PGD iterations per training batch");
    row = add(form, row, "Seed", field("train-seed", model.seed), "Fixes initial weights, data order and random starts");
    ChoiceBox<String> device = new ChoiceBox<>();
    device.setId("train-device");
    device.getItems().addAll("auto", "cpu", "gpu");
    device.valueProperty().bindBidirectional(model.device);
    row = add(form, row, "Device", device, "auto (GPU when CUDA is found), cpu or gpu");

    java.util.Map.of("train-activation", TrainViewModel.ACTIVATION, "train-gradient", TrainViewModel.GRADIENT,
            "train-lr", TrainViewModel.LEARNING_RATE, "train-epochs", TrainViewModel.EPOCHS, "train-batch",
            TrainViewModel.BATCH, "train-limit", TrainViewModel.LIMIT, "train-adv-eps", TrainViewModel.ADV_EPS,
            "train-adv-step", TrainViewModel.ADV_STEP, "train-adv-steps", TrainViewModel.ADV_STEPS, "train-seed",
            TrainViewModel.SEED)
        .forEach((id, key) -> FieldMarks.mark((Control) form.lookup("#" + id), model.fieldProblems(), key));

    Label validation = new Label();
    validation.setId("train-validation");
    validation.getStyleClass().add("validation-error");
    validation.setWrapText(true);
    validation.setMaxWidth(280);
    validation.textProperty().bind(model.validationProperty());
    Button start = new Button("Start");
    start.setId("train-start");
    start.setDefaultButton(true);
    start.setTooltip(new Tooltip("Start training (Ctrl+Enter)"));
    start.disableProperty().bind(model.canStart().not());
    start.setOnAction(e -> {
      clearCharts();
      model.start();
    });
    Button cancel = new Button("Cancel");
    cancel.setId("train-cancel");
    cancel.disableProperty().bind(model.runningProperty().not());
    cancel.setOnAction(e -> model.cancel());
    Button resume = new Button("Resume");
    resume.setId("train-resume");
    resume.setTooltip(new Tooltip("Go on with the stopped run from its last complete epoch, in its own folder"));
    resume.disableProperty().bind(model.canResume().not());
    resume.setOnAction(e -> {
      try {
        model.resume();
      } catch (dqa.run.UserException ex) {
        model.explain(ex);
      }
    });
    HBox buttons = new HBox(8, start, cancel, resume);
    VBox left = new VBox(10, form, validation, buttons);
    left.setPrefWidth(300);
    ScrollPane leftScroll = new ScrollPane(left);
    leftScroll.setFitToWidth(true);
    leftScroll.setPrefWidth(310);

    XYSeriesCollection lossData = new XYSeriesCollection(loss);
    lossChart = Charts.lineChart("Loss", "Epoch", "Cross-entropy", lossData, false);
    XYSeriesCollection accData = new XYSeriesCollection();
    accData.addSeries(trainAcc);
    accData.addSeries(testAcc);
    JFreeChart accChart = Charts.lineChart("Accuracy", "Epoch", "Accuracy (fraction)", accData, true);
    Charts.fixRange(accChart, 0, 1);
    Charts.perEpoch(accChart);
    JFreeChart thrChart = Charts.lineChart("DQA thresholds", "Epoch", "Threshold (pre-activation units)", thresholds, false);
    Charts.perEpoch(thrChart);
    thresholdChart = thrChart;
    showGuide(model.activation.get());
    // The grid follows the form between runs; during a run it stays the run's.
    model.activation.addListener((o, was, now) -> {
      if (!model.runningProperty().get()) {
        showGuide(now);
      }
    });
    charts.addAll(java.util.List.of(lossChart, accChart, thrChart));
    var lossViewer = Charts.viewer(lossChart);
    lossViewer.setId("train-loss-chart");
    var accViewer = Charts.viewer(accChart);
    accViewer.setId("train-accuracy-chart");
    var thrViewer = Charts.viewer(thrChart);
    thrViewer.setId("train-threshold-chart");
    GridPane charts = new GridPane();
    charts.setHgap(8);
    charts.setVgap(8);
    charts.add(lossViewer, 0, 0);
    charts.add(accViewer, 1, 0);
    charts.add(thrViewer, 0, 1, 2, 1);
    for (Node n : charts.getChildren()) {
      GridPane.setHgrow(n, Priority.ALWAYS);
      GridPane.setVgrow(n, Priority.ALWAYS);
    }
    Label status = new Label();
    status.setId("train-status");
    status.setWrapText(true);
    status.textProperty().bind(model.statusProperty());
    VBox right = new VBox(8, charts, status);
    VBox.setVgrow(charts, Priority.ALWAYS);

    setTop(new VBox(6, title, help));
    BorderPane.setMargin(getTop(), new Insets(0, 0, 10, 0));
    setLeft(leftScroll);
    setCenter(right);
    BorderPane.setMargin(right, new Insets(0, 0, 0, 12));
    BorderPane.setAlignment(leftScroll, Pos.TOP_LEFT);
  }

  private static TextField field(String id, javafx.beans.property.StringProperty p) {
    TextField f = new TextField();
    f.setId(id);
    f.textProperty().bindBidirectional(p);
    return f;
  }

  private static int add(GridPane form, int row, String label, javafx.scene.control.Control control, String tip) {
    Label l = new Label(label);
    Tooltip t = new Tooltip(tip);
    l.setTooltip(t);
    control.setTooltip(t);
    control.setMaxWidth(Double.MAX_VALUE);
    form.addRow(row, l, control);
    return row + 1;
  }

  private void initListeners() {
    drainer.setCycleCount(Timeline.INDEFINITE);
    model.runningProperty().addListener((obs, was, running) -> {
      if (running) {
        drainer.play();
      } else {
        drain();
        drainer.stop();
      }
    });
  }

  /**
   * Draws the quantizer's level grid behind the thresholds (levels dotted, a fixed quantizer's
   * thresholds dashed) and says when there is nothing to learn; an activation that does not parse
   * leaves the chart as it is (the form says what is wrong).
   */
  private void showGuide(String activation) {
    TrainViewModel.ThresholdGuide guide;
    try {
      guide = TrainViewModel.thresholdGuide(dqa.nn.NetworkSpec.parseActivations(activation));
    } catch (dqa.run.UserException e) {
      return;
    }
    org.jfree.chart.plot.XYPlot plot = thresholdChart.getXYPlot();
    plot.clearRangeMarkers();
    plot.setNoDataMessage(guide.message());
    java.awt.BasicStroke dotted =
        new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 1f, new float[] {1f, 3f}, 0f);
    java.awt.BasicStroke dashed =
        new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f);
    for (double level : guide.levels()) {
      plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(level, new java.awt.Color(0xb0b0b0), dotted));
    }
    for (int j = 0; j < guide.uniformThresholds().length; j++) {
      org.jfree.chart.plot.ValueMarker m =
          new org.jfree.chart.plot.ValueMarker(guide.uniformThresholds()[j], new java.awt.Color(0x808080), dashed);
      if (j == guide.uniformThresholds().length - 1) { // above the highest line, clear of the learned ones below
        m.setLabel("fixed:" + guide.bits() + " thresholds (dashed), levels (dotted)");
        m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
      }
      plot.addRangeMarker(m);
    }
    thresholdChart.getTitle().setText(
        guide.bits() > 0 && guide.message().startsWith("Fixed") ? "Thresholds (fixed)" : "DQA thresholds");
    // The grid sets the scale, so one epoch of thresholds does not zoom in on a few hundredths.
    if (guide.bits() > 0) {
      plot.getRangeAxis().setRange(-1.1, 1.1);
    } else {
      plot.getRangeAxis().setAutoRange(true);
    }
  }

  /** Drops the points after {@code epoch}: a resumed run trains them again. */
  private void keepUpTo(int epoch) {
    for (org.jfree.data.xy.XYSeries series : java.util.stream.Stream.concat(java.util.stream.Stream.of(loss, trainAcc, testAcc),
        thresholdSeries.values().stream()).toList()) {
      while (series.getItemCount() > 0 && series.getX(series.getItemCount() - 1).doubleValue() > epoch + 1e-9) {
        series.remove(series.getItemCount() - 1);
      }
    }
  }

  private void clearCharts() {
    showGuide(model.activation.get());
    lossChart.getXYPlot().clearDomainMarkers();
    loss.clear();
    trainAcc.clear();
    testAcc.clear();
    thresholds.removeAllSeries();
    thresholdSeries.clear();
  }

  /** Adds what arrived since the last tick; each chart redraws once per tick, and only if something arrived. */
  private void drain() {
    java.util.List<Object> arrived = new java.util.ArrayList<>();
    model.drain(arrived::add);
    if (arrived.isEmpty()) {
      return;
    }
    charts.forEach(c -> c.setNotify(false));
    loss.setNotify(false);
    trainAcc.setNotify(false);
    testAcc.setNotify(false);
    thresholdSeries.values().forEach(s -> s.setNotify(false));
    arrived.forEach(this::accept);
    loss.setNotify(true);
    trainAcc.setNotify(true);
    testAcc.setNotify(true);
    thresholdSeries.values().forEach(s -> s.setNotify(true));
    charts.forEach(c -> c.setNotify(true));
  }

  private void accept(Object o) {
    if (o instanceof TrainViewModel.Resumed r) {
      keepUpTo(r.fromEpoch());
    } else if (o instanceof TrainViewModel.Started s) {
      batchesPerEpoch = Math.max(1, s.batchesPerEpoch());
      bucketSize = Math.max(1, (int) Math.round(batchesPerEpoch / (double) POINTS_PER_EPOCH));
      inBucket = 0;
      lossSum = 0;
      accuracySum = 0;
    } else if (o instanceof TrainingListener.BatchMetrics m) {
      double x = m.step() / (double) batchesPerEpoch;
      lossSum += m.loss();
      accuracySum += m.accuracy();
      if (++inBucket == bucketSize || m.batch() == m.batchesPerEpoch()) {
        loss.add(x, lossSum / inBucket, false);
        trainAcc.add(x, accuracySum / inBucket, false);
        inBucket = 0;
        lossSum = 0;
        accuracySum = 0;
      }
      if (m.thresholds() != null) {
        m.thresholds().forEach((layer, table) -> {
          for (int j = 0; j < table[0].length; j++) {
            String name = TrainViewModel.layerName(model.architecture.get(), layer) + " t" + j;
            XYSeries s = thresholdSeries.computeIfAbsent(name, k -> {
              XYSeries created = new XYSeries(k);
              created.setNotify(false);
              thresholds.addSeries(created);
              return created;
            });
            s.add(x, table[0][j], false);
          }
        });
      }
    } else if (o instanceof TrainingListener.EpochMetrics m) {
      testAcc.add(m.epoch(), m.testAccuracy(), false);
      if (m.skippedSteps() > 0) {
        // Skipped steps are part of what the loss curve means: mark where they were, not only in the status line.
        org.jfree.chart.plot.ValueMarker skipped =
            new org.jfree.chart.plot.ValueMarker(m.epoch(), new java.awt.Color(0xe08e0b), new java.awt.BasicStroke(1.5f));
        skipped.setLabel(String.format(java.util.Locale.ROOT, "⚠ %d skipped", m.skippedSteps()));
        skipped.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        skipped.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
        lossChart.getXYPlot().addDomainMarker(skipped);
      }
    }
  }

  /** Points on the loss chart so far (for tests). */
  public int lossPoints() {
    return loss.getItemCount();
  }
}
