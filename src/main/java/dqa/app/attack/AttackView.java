package dqa.app.attack;

import dqa.app.common.PixelImages;
import dqa.attack.AttackLoss;
import dqa.attack.AttackSettings;
import dqa.attack.AttackResult;
import dqa.eval.Perturbations;
import dqa.eval.Showcase;
import dqa.train.ModelCatalog;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The Attack step: a gallery of original | adversarial | perturbation tiles with predictions and
 * confidence bars, the twin model beside, and a close-up with per-pixel values and flipped bins.
 */
public final class AttackView extends BorderPane {
  /** Screen pixels per image pixel at zoom 1 in a window of the default width. */
  private static final int TILE_SCALE = 3;
  private static final double DEFAULT_WIDTH = 1180;
  private final AttackViewModel model;
  private final VBox gallery = new VBox(10);
  private final VBox detail = new VBox(8);

  public AttackView(AttackViewModel model) {
    this.model = model;
    createView();
    model.outcomeProperty().addListener((o, a, b) -> showGallery(b, a));
  }

  private void createView() {
    setPadding(new Insets(16));
    Label title = new Label("Attack");
    title.getStyleClass().add("view-title");
    Label help = new Label("Attack a model on a few test images. With a twin chosen, the same images are attacked on both, "
        + "e.g. a quantized model and its full-precision twin. Click a tile for a close-up.");
    help.setWrapText(true);

    ComboBox<ModelCatalog.Entry> target = new ComboBox<>(model.models());
    target.setId("attack-model");
    target.valueProperty().bindBidirectional(model.model);
    target.setPrefWidth(330);
    target.setTooltip(new Tooltip("The model to attack: shipped models and the workspace's finished runs"));
    ComboBox<ModelCatalog.Entry> twin = new ComboBox<>(model.models());
    twin.setId("attack-twin");
    twin.valueProperty().bindBidirectional(model.twin);
    twin.setPrefWidth(330);
    twin.setPromptText("none");
    twin.setTooltip(new Tooltip("Optional second model attacked on the same images, shown beside"));
    Button clearTwin = new Button("×");
    clearTwin.setTooltip(new Tooltip("No twin"));
    clearTwin.setOnAction(e -> model.twin.set(null));
    ChoiceBox<String> attack = new ChoiceBox<>();
    attack.setId("attack-name");
    attack.getItems().addAll(model.attackNames());
    attack.valueProperty().bindBidirectional(model.attack);
    attack.setTooltip(new Tooltip("fgsm: one gradient-sign step; pgd: iterated with random start; apgd: PGD with its own "
        + "step size; autoattack: APGD-CE, targeted APGD-DLR and Square, worst case per image; mifgsm: with momentum; "
        + "cw, zoo, square, substitute: see the README"));

    ComboBox<String> gradient = new ComboBox<>();
    gradient.setId("attack-gradient");
    gradient.setEditable(true);
    gradient.getItems().addAll("ste", "exact", "surrogate:1");
    gradient.valueProperty().bindBidirectional(model.gradient);
    gradient.setPrefWidth(130);
    gradient.setTooltip(new Tooltip("Backward through quantizers: ste (straight-through), exact (true gradient, zero: "
        + "shows masking), surrogate:τ (smoothed staircase, τ in bin widths; type another τ)"));
    ChoiceBox<AttackLoss> loss = new ChoiceBox<>();
    loss.setId("attack-loss");
    loss.getItems().addAll(AttackLoss.values());
    loss.valueProperty().bindBidirectional(model.loss);
    loss.setTooltip(new Tooltip("What the attack ascends: ce (cross-entropy), margin (C&W's logit margin) or dlr "
        + "(Croce & Hein's scale-free ratio); APGD takes ce or dlr"));

    GridPane form = new GridPane();
    form.setHgap(8);
    form.setVgap(6);
    form.addRow(0, label("Model"), target, label("Twin"), new HBox(4, twin, clearTwin));
    Label gradientLabel = label("Gradient");
    form.addRow(1, label("Attack"), attack, gradientLabel, gradient);
    shownWhen(model.uses(AttackSettings.Setting.GRADIENT), gradientLabel, gradient);
    Label epsLabel = label("ε");
    TextField eps = field("attack-eps", model.eps, 8, "Budget in [0, 1] pixel units (L∞; L2 for pgd-l2, apgd-l2; for zoo "
        + "an optional bound on the L2 distortion)");
    TextField steps = field("attack-steps", model.steps, 5, "Iterations (empty: the attack's default)");
    TextField step = field("attack-step", model.stepSize, 6,
        "Step size in pixel units (empty: default); C&W and ZOO: the learning rate; Square: p_init");
    Label stepsLabel = label("Steps / step size");
    form.addRow(2, epsLabel, eps, stepsLabel, new HBox(4, steps, step));
    shownWhen(model.uses(AttackSettings.Setting.EPS), epsLabel, eps);
    shownWhen(model.uses(AttackSettings.Setting.STEPS), steps);
    shownWhen(model.uses(AttackSettings.Setting.STEP), step);
    shownWhen(model.uses(AttackSettings.Setting.STEPS).or(model.uses(AttackSettings.Setting.STEP)), stepsLabel);
    Label restartsLabel = label("Restarts / loss");
    TextField restarts = field("attack-restarts", model.restarts, 5,
        "Random restarts (empty: 1); C&W: binary-search steps over c (empty: 9)");
    Label queriesLabel = label("Queries");
    TextField queries = field("attack-queries", model.queries, 8,
        "Model queries per image of the score-based attacks (empty: ZOO 10,000, Square and AutoAttack's Square 5,000)");
    form.addRow(3, restartsLabel, new HBox(4, restarts, loss), queriesLabel, queries);
    shownWhen(model.uses(AttackSettings.Setting.RESTARTS), restarts);
    shownWhen(model.uses(AttackSettings.Setting.LOSS), loss);
    shownWhen(model.uses(AttackSettings.Setting.RESTARTS).or(model.uses(AttackSettings.Setting.LOSS)), restartsLabel);
    shownWhen(model.uses(AttackSettings.Setting.QUERIES), queriesLabel, queries);
    form.addRow(4, label("Images"), field("attack-images", model.images, 5, "How many test images to attack (1–256)"),
        label("First image"), field("attack-first", model.firstImage, 6, "Index of the first test image"));

    Button run = new Button("Run attack");
    run.setId("attack-run");
    run.setDefaultButton(true);
    run.disableProperty().bind(model.canRun().not());
    run.setOnAction(e -> model.run());
    Button refresh = new Button("Refresh models");
    refresh.setOnAction(e -> model.refreshModels());
    Button demo = new Button("Guided demo");
    demo.setId("demo-start");
    demo.setTooltip(new Tooltip("Five attacks on the shipped models that show what gradient masking is, one sentence each"));
    demo.setOnAction(e -> model.demo().start());
    demo.disableProperty().bind(model.demo().activeProperty());
    Label validation = new Label();
    validation.setId("attack-validation");
    validation.getStyleClass().add("validation-error");
    validation.textProperty().bind(model.validationProperty());
    Label summary = new Label();
    summary.setId("attack-summary");
    summary.setWrapText(true);
    summary.textProperty().bind(model.summaryProperty());

    gallery.setId("attack-gallery");
    ChoiceBox<AttackViewModel.GalleryFilter> filter = new ChoiceBox<>();
    filter.setId("attack-filter");
    filter.getItems().addAll(AttackViewModel.GalleryFilter.values());
    filter.valueProperty().bindBidirectional(model.galleryFilter);
    ChoiceBox<AttackViewModel.GalleryOrder> order = new ChoiceBox<>();
    order.setId("attack-order");
    order.getItems().addAll(AttackViewModel.GalleryOrder.values());
    order.valueProperty().bindBidirectional(model.galleryOrder);
    order.setTooltip(new Tooltip("Confidence drop: the model's probability of the true class before minus after"));
    Button saveGallery = new Button("Save gallery as PNG…");
    saveGallery.setId("attack-save-gallery");
    saveGallery.disableProperty().bind(model.outcomeProperty().isNull());
    saveGallery.setOnAction(e -> savePng(gallery, "attack-gallery.png"));
    model.galleryFilter.addListener(o -> showGallery(model.outcomeProperty().get(), model.outcomeProperty().get()));
    model.galleryOrder.addListener(o -> showGallery(model.outcomeProperty().get(), model.outcomeProperty().get()));
    HBox galleryBar = new HBox(8, label("Show"), filter, order, saveGallery);
    galleryBar.setAlignment(Pos.CENTER_LEFT);
    ScrollPane galleryScroll = new ScrollPane(gallery);
    galleryScroll.setFitToWidth(true);
    ScrollPane detailScroll = new ScrollPane(detail);
    detailScroll.setFitToWidth(true);
    detail.setPadding(new Insets(8));
    detail.getChildren().add(new Label("Click a tile for a close-up."));
    SplitPane split = new SplitPane(galleryScroll, detailScroll);
    split.setDividerPositions(0.7);
    // The demo's gallery puts model and twin side by side: give it the width (a close-up still opens on a click).
    model.demo().activeProperty().addListener((o, was, active) -> split.setDividerPositions(active ? 0.88 : 0.7));

    // While the demo runs its banner is what the class reads: the form folds away (it stays one click
    // away, e.g. to change the image count and press Again) and unfolds when the demo ends.
    javafx.scene.control.TitledPane settings =
        new javafx.scene.control.TitledPane("Attack settings", new VBox(8, form, new HBox(8, run, refresh, demo, validation)));
    settings.setId("attack-settings");
    settings.setAnimated(false);
    model.demo().activeProperty().addListener((o, was, active) -> settings.setExpanded(!active));
    help.visibleProperty().bind(model.demo().activeProperty().not());
    help.managedProperty().bind(help.visibleProperty());
    setTop(new VBox(8, title, help, demoBanner(), settings, slider(), summary, galleryBar));
    BorderPane.setMargin(getTop(), new Insets(0, 0, 10, 0));
    setCenter(split);
  }

  /**
   * The live ε slider with its timing and its small accuracy-vs-ε curve; shown once the gallery has an
   * attack it can follow (or a button offers to prepare one).
   */
  private Node slider() {
    LiveEps live = model.live();
    javafx.scene.control.Slider slider = new javafx.scene.control.Slider(0, 1, 0);
    slider.setId("live-eps");
    slider.setPrefWidth(360);
    slider.maxProperty().bind(live.maxProperty());
    slider.setShowTickMarks(true);
    slider.setShowTickLabels(true);
    slider.setTooltip(new Tooltip("Move to see the attack at another ε, on the model and its twin"));
    // Frames run on the engine thread; while a job holds it the slider would only queue moves unseen.
    slider.disableProperty().bind(model.busyProperty());
    live.maxProperty().addListener((o, was, max) -> ticks(slider, live));
    live.continuousProperty().addListener((o, was, c) -> ticks(slider, live));
    slider.valueProperty().bindBidirectional(live.epsProperty());
    Label value = new Label();
    value.setId("live-eps-value");
    value.setMinWidth(Region.USE_PREF_SIZE);
    value.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> Double.isNaN(live.shownEpsProperty().get()) ? ""
            : String.format(Locale.ROOT, "ε %.3f%s", live.shownEpsProperty().get(),
                live.continuousProperty().get() ? "" : " (snaps to the computed budgets)"),
        live.shownEpsProperty(), live.continuousProperty()));
    Label timing = new Label();
    timing.setId("live-eps-timing");
    timing.getStyleClass().add("image-caption");
    timing.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> !live.continuousProperty().get() || Double.isNaN(live.frameMillisProperty().get()) ? ""
            : String.format(Locale.ROOT, "frame %.0f ms", live.frameMillisProperty().get()),
        live.frameMillisProperty(), live.continuousProperty()));
    Label error = new Label();
    error.getStyleClass().add("validation-error");
    error.textProperty().bind(live.errorProperty());
    Button prepare = new Button("Prepare ε slider");
    prepare.setId("live-eps-prepare");
    prepare.setTooltip(new Tooltip("Run this attack again at " + (AttackViewModel.SLIDER_STOPS - 1)
        + " smaller budgets on the same images, so the slider can step between them (FGSM needs no preparing)"));
    prepare.setOnAction(e -> model.prepareSlider());
    prepare.disableProperty().bind(model.busyProperty());
    prepare.visibleProperty().bind(model.sliderPreparableProperty());
    prepare.managedProperty().bind(prepare.visibleProperty());
    HBox controls = new HBox(8, label("Live ε"), slider, value, timing);
    controls.setAlignment(Pos.CENTER_LEFT);
    controls.visibleProperty().bind(live.availableProperty());
    controls.managedProperty().bind(controls.visibleProperty());
    ChartViewer curve = new ChartViewer(dqa.app.common.Charts.lineChart(null, "ε", "share correct", new XYSeriesCollection(), false));
    curve.setId("live-eps-curve");
    curve.setPrefSize(300, 130);
    curve.setMinSize(220, 110);
    curve.visibleProperty().bind(live.availableProperty());
    curve.managedProperty().bind(curve.visibleProperty());
    // ChartViewer takes no null chart: a cleared curve only hides the panel (it is redrawn with the next one).
    live.curveProperty().addListener((o, was, now) -> {
      if (now != null) {
        curve.setChart(curveChart(live));
      }
    });
    live.shownEpsProperty().addListener(o -> {
      if (curve.getChart() != null && !Double.isNaN(live.shownEpsProperty().get())) {
        XYPlot plot = curve.getChart().getXYPlot();
        plot.clearDomainMarkers();
        plot.addDomainMarker(marker(live.shownEpsProperty().get()));
      }
    });
    HBox box = new HBox(16, new VBox(4, controls, prepare, error), curve);
    box.setId("live-eps-panel");
    box.setAlignment(Pos.CENTER_LEFT);
    box.visibleProperty().bind(live.availableProperty().or(model.sliderPreparableProperty()));
    box.managedProperty().bind(box.visibleProperty());
    return box;
  }

  private static void ticks(javafx.scene.control.Slider slider, LiveEps live) {
    List<Double> stops = live.stops();
    boolean snaps = !live.continuousProperty().get() && stops.size() > 1;
    double unit = snaps ? stops.get(1) - stops.get(0) : live.maxProperty().get() / 4;
    slider.setMajorTickUnit(unit > 0 ? unit : 0.1);
    slider.setMinorTickCount(snaps ? 0 : 4);
    slider.setSnapToTicks(snaps);
    slider.setBlockIncrement(snaps ? unit : live.maxProperty().get() / 100);
  }

  private static ValueMarker marker(double eps) {
    ValueMarker m = new ValueMarker(eps, new Color(0x555555), new java.awt.BasicStroke(1.5f));
    return m;
  }

  /** Accuracy on the shown images against ε for the model and the twin, the slider's ε marked. */
  private JFreeChart curveChart(LiveEps live) {
    LiveEps.Curve c = live.curveProperty().get();
    AttackViewModel.Outcome o = model.outcomeProperty().get();
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(series(o == null ? "model" : o.primary().model().name(), c.eps(), c.primary()));
    if (c.twin() != null) {
      data.addSeries(series(o == null || o.twin() == null ? "twin" : o.twin().model().name() + " ", c.eps(), c.twin()));
    }
    JFreeChart chart = dqa.app.common.Charts.lineChart(null, "ε", "share correct", data, !live.continuousProperty().get());
    dqa.app.common.Charts.fixRange(chart, 0, 1.02);
    chart.getXYPlot().getDomainAxis().setRange(0, Math.max(1e-6, c.eps()[c.eps().length - 1]));
    for (var axis : List.of(chart.getXYPlot().getDomainAxis(), chart.getXYPlot().getRangeAxis())) {
      axis.setLabelFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 10));
      axis.setTickLabelFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 9));
    }
    chart.getLegend().setItemFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 9));
    if (!Double.isNaN(live.shownEpsProperty().get())) {
      chart.getXYPlot().addDomainMarker(marker(live.shownEpsProperty().get()));
    }
    return chart;
  }

  private static XYSeries series(String name, double[] x, double[] y) {
    XYSeries s = new XYSeries(name, false, true);
    for (int i = 0; i < x.length; i++) {
      s.add(x[i], y[i]);
    }
    return s;
  }

  private static boolean unchanged(float[] clean, float[] adversarial, int i, int size) {
    for (int j = i * size; j < (i + 1) * size; j++) {
      if (clean[j] != adversarial[j]) {
        return false;
      }
    }
    return true;
  }

  /** Shows {@code nodes} (and keeps their place in the layout) only while {@code when} holds. */
  private static void shownWhen(javafx.beans.value.ObservableBooleanValue when, Node... nodes) {
    for (Node n : nodes) {
      n.visibleProperty().bind(when);
      n.managedProperty().bind(when);
    }
  }

  private static Label label(String text) {
    Label l = new Label(text);
    l.setMinWidth(Region.USE_PREF_SIZE);
    return l;
  }

  private static TextField field(String id, javafx.beans.property.StringProperty p, int columns, String tip) {
    TextField f = new TextField();
    f.setId(id);
    f.setPrefColumnCount(columns);
    f.textProperty().bindBidirectional(p);
    f.setTooltip(new Tooltip(tip));
    return f;
  }

  /** The demo's step, its sentence and Next / End; shown only while the demo runs. */
  private Node demoBanner() {
    GuidedDemo demo = model.demo();
    Label stepTitle = new Label();
    stepTitle.setId("demo-title");
    stepTitle.getStyleClass().add("demo-title");
    stepTitle.textProperty().bind(demo.titleProperty());
    Label text = new Label();
    text.setId("demo-text");
    text.setWrapText(true);
    text.textProperty().bind(demo.explanationProperty());
    Button back = new Button("◀ Back");
    back.setId("demo-back");
    back.setTooltip(new Tooltip("Run the previous step again"));
    back.setOnAction(e -> demo.back());
    back.disableProperty().bind(demo.runningProperty().or(demo.indexProperty().lessThanOrEqualTo(0)
        .and(demo.finishedProperty().not())));
    Button again = new Button("Again");
    again.setId("demo-again");
    again.setTooltip(new Tooltip("Run this step again (say, after changing the number of images)"));
    again.setOnAction(e -> demo.again());
    again.disableProperty().bind(demo.runningProperty().or(demo.finishedProperty()));
    Button next = new Button();
    next.setId("demo-next");
    next.textProperty().bind(javafx.beans.binding.Bindings.when(demo.finishedProperty()).then("Finish")
        .otherwise(javafx.beans.binding.Bindings.when(demo.indexProperty().isEqualTo(demo.steps().size() - 1))
            .then("Summary ▶").otherwise("Next ▶")));
    next.setOnAction(e -> demo.next());
    next.disableProperty().bind(demo.runningProperty());
    Button end = new Button("End demo");
    end.setId("demo-end");
    end.setOnAction(e -> demo.stop());
    for (Button button : List.of(back, again, next, end)) {
      button.setMinWidth(Region.USE_PREF_SIZE);
    }
    HBox.setHgrow(text, Priority.ALWAYS);
    VBox banner = new VBox(4, stepTitle, new HBox(12, text, back, again, next, end));
    banner.setId("demo-banner");
    banner.getStyleClass().add("demo-banner");
    banner.visibleProperty().bind(demo.activeProperty());
    banner.managedProperty().bind(demo.activeProperty());
    return banner;
  }

  /**
   * Draws the gallery of {@code o}. When it shows the same images as {@code before} (an ε slider
   * frame, another filter or order), the close-up stays open on the same image at the new ε and the
   * keyboard focus stays on the tile at the same place.
   */
  private void showGallery(AttackViewModel.Outcome o, AttackViewModel.Outcome before) {
    boolean sameImages = o != null && before != null && o.clean() == before.clean();
    List<Node> oldTiles = tiles();
    int focused = oldTiles.indexOf(getScene() == null ? null : getScene().getFocusOwner());
    gallery.getChildren().clear();
    if (!sameImages) {
      closeUp = -1;
    }
    if (closeUp < 0 || o == null) {
      detail.getChildren().setAll(new Label("Click a tile for a close-up."));
    }
    if (o == null) {
      return;
    }
    double range = Math.max(maxChange(o, o.primary()), o.twin() == null ? 0 : maxChange(o, o.twin()));
    gallery.getChildren().add(legend(range, o.channels()));
    // One item per image (with its twin beside it), wrapping to the width of the gallery.
    FlowPane rows = new FlowPane(16, 12);
    rows.setId("attack-rows");
    int[] shown = AttackViewModel.shown(o, model.galleryFilter.get(), model.galleryOrder.get());
    for (int i : shown) {
      HBox row = new HBox(16, tile(o, o.primary(), i, range));
      if (o.twin() != null) {
        row.getChildren().add(tile(o, o.twin(), i, range));
      }
      row.getStyleClass().add("attack-row");
      rows.getChildren().add(row);
    }
    if (shown.length == 0) {
      rows.getChildren().add(new Label("The attack fooled neither model on these images."));
    }
    gallery.getChildren().add(rows);
    if (closeUp >= 0) {
      AttackViewModel.Run run = closeUpOnTwin && o.twin() != null ? o.twin() : o.primary();
      showDetail(o, run, closeUp, range, o == before);
    }
    List<Node> now = tiles();
    if (sameImages && focused >= 0 && !now.isEmpty()) {
      now.get(Math.min(focused, now.size() - 1)).requestFocus();
    }
  }

  /** The image the close-up shows (-1: none), and whether of the twin. */
  private int closeUp = -1;
  private boolean closeUpOnTwin;

  /** Tiles in gallery order, for the arrow keys. */
  private List<Node> tiles() {
    return gallery.lookupAll(".attack-tile").stream().toList();
  }

  /** Left/right: the previous/next tile; up/down: the tile nearest above/below in the wrapped layout. */
  private void moveFocus(Node from, javafx.scene.input.KeyCode key) {
    List<Node> all = tiles();
    int at = all.indexOf(from);
    if (at < 0) {
      return;
    }
    Node to = null;
    switch (key) {
      case LEFT -> to = at > 0 ? all.get(at - 1) : null;
      case RIGHT -> to = at + 1 < all.size() ? all.get(at + 1) : null;
      case UP, DOWN -> {
        javafx.geometry.Bounds b = from.localToScene(from.getBoundsInLocal());
        double best = Double.MAX_VALUE;
        for (Node n : all) {
          javafx.geometry.Bounds c = n.localToScene(n.getBoundsInLocal());
          boolean otherRow = key == javafx.scene.input.KeyCode.UP ? c.getMaxY() <= b.getMinY() : c.getMinY() >= b.getMaxY();
          if (otherRow) {
            double d = Math.abs(c.getMinY() - b.getMinY()) * 1000 + Math.abs(c.getMinX() - b.getMinX());
            if (d < best) {
              best = d;
              to = n;
            }
          }
        }
      }
      default -> { }
    }
    if (to != null) {
      to.requestFocus();
    }
  }

  /** Saves a picture of {@code node} as a PNG the user names (written atomically). */
  private void savePng(Node node, String suggested) {
    var chosen = model.chooseImageFile(suggested);
    if (chosen.isEmpty()) {
      return;
    }
    javafx.scene.image.WritableImage image = node.snapshot(new javafx.scene.SnapshotParameters(), null);
    java.awt.image.BufferedImage picture = javafx.embed.swing.SwingFXUtils.fromFXImage(image, null);
    try {
      java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(picture, "png", png);
      dqa.run.AtomicFiles.writeBytes(chosen.get(), png.toByteArray());
      model.saved(chosen.get());
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      model.saveFailed(chosen.get(), e);
    }
  }

  private static double maxChange(AttackViewModel.Outcome o, AttackViewModel.Run r) {
    double m = 0;
    float[] adv = r.result().adversarial();
    for (int i = 0; i < adv.length; i++) {
      m = Math.max(m, Math.abs(adv[i] - o.clean()[i]));
    }
    return m;
  }

  private Node legend(double range, int channels) {
    ImageView bar = new ImageView(PixelImages.legend(120, 12));
    Label lo = new Label(String.format(Locale.ROOT, "−%.3f", range));
    Label hi = new Label(String.format(Locale.ROOT, "+%.3f", range));
    Label what =
        new Label(
            "Perturbation (adversarial − original, pixel units"
                + (channels > 1 ? "; " + Perturbations.REDUCTION : "") + "):");
    for (Label l : List.of(what, lo, hi)) {
      l.setMinWidth(Region.USE_PREF_SIZE);
    }
    HBox box = new HBox(6, what, lo, bar, hi);
    box.setAlignment(Pos.CENTER_LEFT);
    box.setId("attack-legend");
    return box;
  }

  private Node tile(AttackViewModel.Outcome o, AttackViewModel.Run run, int i, double range) {
    AttackResult r = run.result();
    int c = o.channels();
    int h = o.height();
    int w = o.width();
    ImageView original = scaled(PixelImages.image(o.clean(), i, c, h, w, 1), w, h);
    ImageView adversarial = scaled(PixelImages.image(r.adversarial(), i, c, h, w, 1), w, h);
    ImageView heat = scaled(PixelImages.heatmap(o.clean(), r.adversarial(), i, c, h, w, 1, range), w, h);
    // A zero perturbation is an all-white heatmap: the frame shows there is an image, and it is empty.
    javafx.scene.layout.StackPane heatFrame = new javafx.scene.layout.StackPane(heat);
    heatFrame.setStyle("-fx-border-color: #b0b0b0; -fx-border-width: 1;");
    if (unchanged(o.clean(), r.adversarial(), i, c * h * w)) {
      Label none = new Label("no change");
      none.getStyleClass().add("image-caption");
      heatFrame.getChildren().add(none);
    }
    List<String> classes = o.classes();
    int k = r.classes();
    // "Fooled" means the attack changed a right answer; an image the model got wrong to begin with is only "wrong".
    boolean wasRight = r.cleanPredictions()[i] == r.labels()[i];
    boolean fooled = AttackViewModel.fooled(r, i);
    String text = String.format(Locale.ROOT, "#%d true %s: %s → %s%s", o.first() + i, classes.get(r.labels()[i]),
        classes.get(r.cleanPredictions()[i]), classes.get(r.adversarialPredictions()[i]),
        fooled ? "  ✗ fooled" : wasRight ? "" : "  (wrong before the attack)");
    Label caption = new Label(text);
    caption.setStyle(fooled ? "-fx-text-fill: #b00020;" : "");
    VBox bars = new VBox(2, confidence("before", r.cleanProbabilities(), i, k, classes),
        confidence("after", r.adversarialProbabilities(), i, k, classes));
    VBox box = new VBox(4, new Label(run.model().name() + " · " + run.model().spec().label()), new HBox(4, captioned(original, "original"),
        captioned(adversarial, "adversarial"), captioned(heatFrame, "perturbation")), caption, bars);
    box.getStyleClass().add("attack-tile");
    box.setFocusTraversable(true);
    box.setAccessibleText(run.model().name() + ", " + text);
    box.setOnMouseClicked(e -> {
      box.requestFocus();
      showDetail(o, run, i, range, true);
    });
    box.setOnKeyPressed(e -> {
      switch (e.getCode()) {
        case ENTER, SPACE -> showDetail(o, run, i, range, true);
        case LEFT, RIGHT, UP, DOWN -> moveFocus(box, e.getCode());
        default -> {
          return;
        }
      }
      e.consume();
    });
    javafx.scene.control.MenuItem save = new javafx.scene.control.MenuItem("Save tile as PNG…");
    save.setOnAction(e -> savePng(box, run.model().name() + "-image-" + (o.first() + i) + ".png"));
    javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(save);
    box.setOnContextMenuRequested(e -> menu.show(box, e.getScreenX(), e.getScreenY()));
    return box;
  }

  /** An image drawn with square pixels, as large as the zoom and the window's width make room for. */
  private ImageView scaled(javafx.scene.image.Image image, int w, int h) {
    ImageView view = new ImageView(image);
    view.setSmooth(false); // nearest neighbour: a pixel stays a pixel
    javafx.beans.binding.DoubleBinding scale = javafx.beans.binding.Bindings.createDoubleBinding(
        () -> TILE_SCALE * model.zoomProperty().get() * Math.max(1, Math.min(2, getWidth() / DEFAULT_WIDTH)),
        model.zoomProperty(), widthProperty());
    view.fitWidthProperty().bind(scale.multiply(w));
    view.fitHeightProperty().bind(scale.multiply(h));
    return view;
  }

  private static Node captioned(Node image, String what) {
    Label label = new Label(what);
    label.getStyleClass().add("image-caption");
    VBox box = new VBox(2, image, label);
    box.setAlignment(Pos.TOP_CENTER);
    return box;
  }

  private static Node confidence(String when, float[] probs, int i, int k, List<String> classes) {
    HBox row = new HBox(6);
    row.getChildren().add(new Label(when));
    Integer[] order = new Integer[k];
    for (int j = 0; j < k; j++) {
      order[j] = j;
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(probs[i * k + b], probs[i * k + a]));
    for (int t = 0; t < Math.min(3, k); t++) {
      float p = probs[i * k + order[t]];
      ProgressBar bar = new ProgressBar(p);
      bar.setPrefWidth(50);
      row.getChildren().add(new HBox(2, new Label(classes.get(order[t])), bar, new Label(String.format(Locale.ROOT, "%.0f%%", 100 * p))));
    }
    row.setAlignment(Pos.CENTER_LEFT);
    return row;
  }

  /**
   * The close-up of image {@code i} of {@code run}; {@code readFlips} reads which quantization bins
   * flipped on the engine (not for every ε slider frame, which would queue a job per mouse move).
   */
  private void showDetail(AttackViewModel.Outcome o, AttackViewModel.Run run, int i, double range, boolean readFlips) {
    closeUp = i;
    closeUpOnTwin = run == o.twin();
    int scale = Math.max(4, 280 / o.width());
    int c = o.channels();
    int h = o.height();
    int w = o.width();
    AttackResult r = run.result();
    ImageView original = new ImageView(PixelImages.image(o.clean(), i, c, h, w, scale));
    ImageView adversarial = new ImageView(PixelImages.image(r.adversarial(), i, c, h, w, scale));
    ImageView heat = new ImageView(PixelImages.heatmap(o.clean(), r.adversarial(), i, c, h, w, scale, range));
    Label hover = new Label("Move the mouse over an image for pixel values.");
    hover.setId("attack-hover");
    for (ImageView v : new ImageView[] {original, adversarial, heat}) {
      v.setOnMouseMoved(e -> {
        int x = Math.min(w - 1, (int) (e.getX() / scale));
        int y = Math.min(h - 1, (int) (e.getY() / scale));
        int p = i * c * h * w + y * w + x;
        hover.setText(String.format(Locale.ROOT, "pixel (%d, %d): original %.3f, adversarial %.3f, change %+.3f", x, y,
            o.clean()[p], r.adversarial()[p], r.adversarial()[p] - o.clean()[p]));
      });
    }
    Label distances = new Label(String.format(Locale.ROOT, "L∞ %.3f   L2 %.3f   L0 %.0f pixels changed", r.linf()[i], r.l2()[i], r.l0()[i]));
    VBox flips = new VBox(6, new Label(readFlips ? "Reading which quantization bins flipped…"
        : "Press Enter on the tile (or click it) to read which quantization bins flip at this ε."));
    flips.setId("attack-flips");
    detail.getChildren().setAll(new Label(run.model().name() + " (" + run.model().spec().label() + ") — test image #" + (o.first() + i)),
        new FlowPane(8, 8, original, adversarial, heat), hover, distances, flips);
    if (readFlips) {
      model.flips(run, i)
          .onSucceeded(layers -> showFlips(flips, layers))
          .onFailed(t -> flips.getChildren().setAll(new Label("Could not read activations: " + t.getMessage())));
    }
  }

  private static void showFlips(VBox box, List<Showcase.LayerFlips> layers) {
    box.getChildren().clear();
    if (layers.isEmpty()) {
      box.getChildren().add(new Label("This model has no quantized activations: nothing to flip."));
      return;
    }
    box.getChildren().add(new Label("Output levels of each quantizer, original vs adversarial image:"));
    for (Showcase.LayerFlips f : layers) {
      DefaultCategoryDataset data = new DefaultCategoryDataset();
      for (int l = 0; l < f.cleanHistogram().length; l++) {
        data.addValue(f.cleanHistogram()[l], "original", "level " + l);
        data.addValue(f.adversarialHistogram()[l], "adversarial", "level " + l);
      }
      JFreeChart chart = ChartFactory.createBarChart(
          String.format(Locale.ROOT, "%s: %,d of %,d units changed level (%.1f %%)", f.layer(), f.changed(), f.units(),
              100.0 * f.changed() / Math.max(1, f.units())),
          "Output level", "Units", data, PlotOrientation.VERTICAL, true, false, false);
      chart.getTitle().setFont(new java.awt.Font("SansSerif", java.awt.Font.BOLD, 12));
      chart.setBackgroundPaint(Color.WHITE);
      BarRenderer renderer = (BarRenderer) chart.getCategoryPlot().getRenderer();
      renderer.setBarPainter(new StandardBarPainter());
      renderer.setSeriesPaint(0, new Color(0x1f77b4));
      renderer.setSeriesPaint(1, new Color(0xd62728));
      chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
      var viewer = dqa.app.common.Charts.viewer(chart);
      viewer.setPrefHeight(200);
      box.getChildren().add(viewer);
      VBox.setVgrow(viewer, Priority.NEVER);
    }
  }
}
