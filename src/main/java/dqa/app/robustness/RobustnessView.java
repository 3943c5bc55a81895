package dqa.app.robustness;

import dqa.app.common.Charts;
import dqa.app.common.PixelImages;
import dqa.app.robustness.RobustnessViewModel.Export;
import dqa.app.robustness.SweepForm.ModelChoice;
import dqa.app.robustness.RobustnessViewModel.Row;
import dqa.attack.AttackSettings;
import dqa.eval.Check;
import dqa.eval.EpsList;
import dqa.eval.TransferResult;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.StringConverter;
import org.jfree.chart.fx.ChartViewer;

/**
 * The Robustness step: the sweep form on the left; on the right the live accuracy-vs-ε chart over
 * the result table, the sanity checks and the transfer matrix as a heatmap.
 */
public final class RobustnessView extends BorderPane {
  private final RobustnessViewModel model;
  private final ChartViewer chart = Charts.viewer(dqa.eval.Charts.jfree(
      dqa.eval.Charts.accuracyVsEps("Accuracy under attack", java.util.List.of(), java.util.List.of())));
  private final VBox checksPanel = new VBox(8);
  private final VBox transferPanel = new VBox(8);
  private final TabPane details = new TabPane();
  private Tab checksTab;
  private Tab transferTab;

  public RobustnessView(RobustnessViewModel model) {
    this.model = model;
    createView();
    initListeners();
  }

  private void createView() {
    setPadding(new Insets(16));
    Label title = new Label("Robustness");
    title.getStyleClass().add("view-title");
    Label help = new Label("Sweep models × attacks × ε on the first test images: robust accuracy fills the chart and the "
        + "table as each cell finishes. Sanity checks flag evaluations that may overstate robustness. The sweep file in "
        + "the workspace's sweeps folder is its manifest; Run with the same settings resumes an interrupted sweep.");
    help.setWrapText(true);
    setTop(new VBox(6, title, help));
    BorderPane.setMargin(getTop(), new Insets(0, 0, 10, 0));
    setLeft(form());
    setCenter(results());
    BorderPane.setMargin(getCenter(), new Insets(0, 0, 0, 12));
  }

  private Node form() {
    ListView<ModelChoice> models = new ListView<>(model.models());
    models.setId("robust-models");
    models.setPrefHeight(150);
    models.setCellFactory(CheckBoxListCell.forListView(ModelChoice::selectedProperty, new StringConverter<>() {
      @Override
      public String toString(ModelChoice c) {
        return c == null ? "" : c.toString();
      }

      @Override
      public ModelChoice fromString(String s) {
        throw new UnsupportedOperationException();
      }
    }));
    models.setTooltip(new Tooltip("Tick the models to compare: shipped models and the workspace's finished runs. "
        + "Every model is attacked on the same test images."));
    Button refresh = new Button("Refresh models");
    refresh.setTooltip(new Tooltip("List the shipped models and finished runs again"));
    refresh.setOnAction(e -> model.refreshModels());

    TextField attacks = field("robust-attacks", model.attacks,
        "Attacks, comma-separated; each a name or name[key=value,…]: " + String.join(", ", AttackSettings.NAMES)
            + ". E.g. fgsm,pgd[steps=20,grad=exact]. Budgets come from the ε list, not from here.");
    TextField eps = field("robust-eps", model.eps,
        "Budgets ε in [0, 1] pixel units, in each attack's norm (L∞ for fgsm and pgd): a comma list 0,0.1,0.3 "
            + "(fractions such as 8/255 allowed) or a range start:stop:step with both ends included, 0:0.3:0.05.");
    TextField images = field("robust-images", model.images,
        "Number of test images (the first N of the loaded test set) every cell is measured on.");
    CheckBox checks = new CheckBox("Sanity checks");
    checks.setId("robust-checks");
    checks.selectedProperty().bindBidirectional(model.sanityChecks);
    checks.setTooltip(new Tooltip("After the cells, probe input gradients and a stronger PGD, and flag evaluations "
        + "that may overstate robustness (Carlini et al. 2019; Athalye et al. 2018). Takes a little longer."));

    Button run = new Button("Run");
    run.setId("robust-run");
    run.setDefaultButton(true);
    run.setTooltip(new Tooltip("Run the sweep (resumes when this sweep was interrupted before)"));
    run.disableProperty().bind(model.canRun().not());
    run.setOnAction(e -> act(model::run));
    Button cancel = new Button("Cancel");
    cancel.setId("robust-cancel");
    cancel.setTooltip(new Tooltip("Stop after the current batch; finished cells stay in the sweep file"));
    cancel.disableProperty().bind(model.runningProperty().not());
    cancel.setOnAction(e -> model.cancel());
    Label validation = message("robust-validation", model.formMessageProperty());

    Button transfer = new Button("Transfer matrix");
    transfer.setId("robust-transfer");
    transfer.setTooltip(new Tooltip("Craft the first attack at the largest ε on each ticked model and classify the "
        + "examples with every ticked model (needs two or more models)"));
    transfer.disableProperty().bind(model.canTransfer().not());
    transfer.setOnAction(e -> act(model::runTransfer));

    FlowPane exports = new FlowPane(6, 6);
    exports.getChildren().addAll(
        exportButton("robust-export-png", "Chart PNG", Export.PNG),
        exportButton("robust-export-svg", "Chart SVG", Export.SVG),
        exportButton("robust-export-csv", "CSV", Export.CSV),
        exportButton("robust-export-json", "JSON", Export.JSON),
        exportButton("robust-export-html", "HTML report", Export.HTML));

    Label status = new Label();
    status.setId("robust-status");
    status.setWrapText(true);
    status.textProperty().bind(model.statusProperty());

    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(4);
    ColumnConstraints fill = new ColumnConstraints();
    fill.setHgrow(Priority.ALWAYS);
    fill.setFillWidth(true);
    grid.getColumnConstraints().add(fill);
    models.setMaxWidth(Double.MAX_VALUE);
    int row = 0;
    grid.add(label("Models", models.getTooltip()), 0, row++);
    grid.add(models, 0, row++);
    grid.add(new HBox(8, refresh), 0, row++);
    grid.add(message("robust-models-message", model.modelsMessageProperty()), 0, row++);
    grid.add(label("Attacks", attacks.getTooltip()), 0, row++);
    grid.add(attacks, 0, row++);
    grid.add(message("robust-attacks-message", model.attacksMessageProperty()), 0, row++);
    grid.add(label("ε list (pixel units)", eps.getTooltip()), 0, row++);
    grid.add(eps, 0, row++);
    grid.add(message("robust-eps-message", model.epsMessageProperty()), 0, row++);
    grid.add(label("Images", images.getTooltip()), 0, row++);
    grid.add(images, 0, row++);
    grid.add(message("robust-images-message", model.imagesMessageProperty()), 0, row++);
    grid.add(checks, 0, row);

    Label exportLabel = new Label("Export");
    exportLabel.getStyleClass().add("section-title");
    VBox left = new VBox(10, grid, new HBox(8, run, cancel), validation, transfer, exportLabel, exports, status);
    left.setPadding(new Insets(0, 8, 0, 0));
    left.setPrefWidth(300);
    ScrollPane scroll = new ScrollPane(left);
    scroll.setFitToWidth(true);
    scroll.setPrefWidth(320);
    scroll.setMinWidth(280);
    return scroll;
  }

  private Node results() {
    chart.setId("robust-chart");
    TableView<Row> table = table();
    checksPanel.setId("robust-checks-panel");
    checksPanel.setPadding(new Insets(8));
    checksPanel.getChildren().add(new Label("The checks appear when a sweep with sanity checks completes."));
    transferPanel.setId("robust-transfer-panel");
    transferPanel.setPadding(new Insets(8));
    transferPanel.getChildren().add(new Label("Tick two or more models and press Transfer matrix."));
    checksTab = new Tab("Sanity checks", scrolled(checksPanel));
    transferTab = new Tab("Transfer matrix", scrolled(transferPanel));
    details.getTabs().addAll(checksTab, transferTab);
    details.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    SplitPane bottom = new SplitPane(table, details);
    bottom.setDividerPositions(0.64);
    SplitPane split = new SplitPane(chart, bottom);
    split.setOrientation(javafx.geometry.Orientation.VERTICAL);
    split.setDividerPositions(0.5);
    return split;
  }

  private static ScrollPane scrolled(Node content) {
    ScrollPane s = new ScrollPane(content);
    s.setFitToWidth(true);
    return s;
  }

  private TableView<Row> table() {
    TableView<Row> table = new TableView<>(model.rows());
    table.setId("robust-table");
    table.setPlaceholder(new Label("Results appear here as cells finish."));
    TableColumn<Row, String> modelColumn = column("Model", 130, "The model's own name (a long one is shortened in the middle; "
        + "point at it for the whole)", Row::model);
    modelColumn.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
      @Override
      protected void updateItem(String name, boolean empty) {
        super.updateItem(name, empty);
        setText(empty ? null : name);
        setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        setTooltip(empty || name == null ? null : new Tooltip(name));
      }
    });
    table.getColumns().add(modelColumn);
    table.getColumns().add(column("Attack", 62, "The attack; \"any attack\": worst case across the attacks", Row::attack));
    table.getColumns().add(column("ε", 44, "Budget in [0, 1] pixel units, in the attack's norm", r -> EpsList.format(r.eps())));
    table.getColumns().add(column("Clean %", 66, "Accuracy without attack", r -> percent(r.cleanAccuracy())));
    table.getColumns().add(column("Acc. %", 60, "Robust accuracy: correct before and after the attack",
        r -> percent(r.robustAccuracy())));
    table.getColumns().add(column("Succ. %", 64, "Success rate: share of the clean-correct images the attack broke",
        r -> percent(r.successRate())));
    table.getColumns().add(column("n", 40, "Test images", r -> Integer.toString(r.n())));
    table.getColumns().add(column("s", 38, "Seconds spent on the cell",
        r -> r.seconds() == null ? "" : String.format(Locale.ROOT, "%.1f", r.seconds())));
    table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
      @Override
      protected void updateItem(Row row, boolean empty) {
        super.updateItem(row, empty);
        setStyle(!empty && row != null && row.worstCase() ? "-fx-font-weight: bold;" : "");
        setTooltip(!empty && row != null && row.worstCase()
            ? new Tooltip("Worst case: an image counts as robust only if it survived every attack at this ε")
            : null);
      }
    });
    return table;
  }

  private static TableColumn<Row, String> column(String title, double width, String tip, Function<Row, String> value) {
    TableColumn<Row, String> c = new TableColumn<>();
    Label header = new Label(title);
    header.setTooltip(new Tooltip(tip));
    c.setGraphic(header);
    c.setPrefWidth(width);
    c.setMinWidth(width);
    c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    return c;
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f", 100 * fraction);
  }

  private Button exportButton(String id, String text, Export kind) {
    Button b = new Button(text);
    b.setId(id);
    b.setTooltip(new Tooltip(kind.description + ": choose where to save"));
    b.disableProperty().bind(kind == Export.HTML
        ? model.canExport().not().and(model.transferProperty().isNull())
        : model.canExport().not());
    b.setOnAction(e -> act(() -> model.export(kind)));
    return b;
  }

  private void act(Runnable command) {
    model.attempt(command);
  }

  private static TextField field(String id, StringProperty p, String tip) {
    TextField f = new TextField();
    f.setId(id);
    f.textProperty().bindBidirectional(p);
    f.setTooltip(new Tooltip(tip));
    return f;
  }

  private static Label label(String text, Tooltip tip) {
    Label l = new Label(text);
    l.setTooltip(tip);
    return l;
  }

  private static Label message(String id, ReadOnlyStringProperty text) {
    Label l = new Label();
    l.setId(id);
    l.getStyleClass().add("validation-error");
    l.setWrapText(true);
    l.setMaxWidth(290);
    l.textProperty().bind(text);
    l.managedProperty().bind(text.isNotEmpty());
    l.visibleProperty().bind(text.isNotEmpty());
    return l;
  }

  private void initListeners() {
    model.chartProperty().addListener((o, old, c) -> {
      if (c != null) {
        // One new chart per batch of cells (the view-model batches them per FX pulse).
        chart.setChart(dqa.eval.Charts.jfree(c));
      }
    });
    model.checks().addListener((javafx.collections.ListChangeListener<Check>) c -> showChecks());
    model.transferProperty().addListener((o, old, t) -> {
      showTransfer(t);
      if (t != null) {
        details.getSelectionModel().select(transferTab);
      }
    });
  }

  private void showChecks() {
    checksPanel.getChildren().clear();
    if (model.checks().isEmpty()) {
      checksPanel.getChildren().add(new Label("No sanity checks for this sweep (switched off, or not finished)."));
      return;
    }
    for (Check c : model.checks()) {
      Label badge = new Label(switch (c.verdict()) {
        case PASS -> "✔ PASS";
        case WARN -> "⚠ WARN";
        case NOT_APPLICABLE -> "– N/A";
      });
      badge.setMinWidth(Region.USE_PREF_SIZE);
      badge.setStyle("-fx-text-fill: white; -fx-font-weight: bold; -fx-padding: 2 8 2 8; -fx-background-radius: 8; "
          + "-fx-background-color: " + switch (c.verdict()) {
            case PASS -> "#2e7d32";
            case WARN -> "#e08e0b";
            case NOT_APPLICABLE -> "#757575";
          } + ";");
      Label name = new Label(c.name());
      name.setWrapText(true);
      name.setStyle("-fx-font-weight: bold;");
      Label evidence = new Label(c.evidence());
      evidence.setWrapText(true);
      VBox text = new VBox(2, name, evidence);
      HBox.setHgrow(text, Priority.ALWAYS);
      HBox row = new HBox(8, badge, text);
      row.setAlignment(Pos.TOP_LEFT);
      row.getStyleClass().add(switch (c.verdict()) {
        case PASS -> "check-pass";
        case WARN -> "check-warn";
        case NOT_APPLICABLE -> "check-not-applicable";
      });
      checksPanel.getChildren().add(row);
    }
  }

  private void showTransfer(TransferResult t) {
    transferPanel.getChildren().clear();
    if (t == null) {
      return;
    }
    int k = t.models().size();
    GridPane grid = new GridPane();
    grid.setId("robust-transfer-grid");
    grid.setHgap(2);
    grid.setVgap(2);
    grid.add(new Label("crafted on ↓ / evaluated on →"), 0, 0);
    for (int col = 0; col < k; col++) {
      Label head = new Label(t.modelLabel(col));
      head.setStyle("-fx-font-weight: bold;");
      grid.add(head, col + 1, 0);
    }
    for (int s = 0; s < k; s++) {
      Label source = new Label(t.modelLabel(s));
      source.setStyle("-fx-font-weight: bold;");
      grid.add(source, 0, s + 1);
      for (int col = 0; col < k; col++) {
        grid.add(heatCell(t.accuracy()[s][col], s == col), col + 1, s + 1);
      }
    }
    grid.add(new Label("(no attack)"), 0, k + 1);
    for (int col = 0; col < k; col++) {
      grid.add(heatCell(t.cleanAccuracy()[col], false), col + 1, k + 1);
    }
    ImageView bar = new ImageView(PixelImages.legend(160, 12));
    HBox legend = new HBox(6, new Label("Accuracy of the evaluating model:"), new Label("100 %"), bar,
        new Label("0 %"));
    legend.setAlignment(Pos.CENTER_LEFT);
    legend.setId("robust-transfer-legend");
    Label caption = new Label(String.format(Locale.ROOT, "%s on %d test images. Rows: the model the examples were "
        + "crafted on; columns: the model that classified them. The outlined diagonal is white-box; off the diagonal "
        + "is transfer (black-box).", t.attack(), t.data().n()));
    caption.setWrapText(true);
    transferPanel.getChildren().addAll(caption, grid, legend);
  }

  /** One coloured square: blue where the evaluating model stays accurate, red where the attack works. */
  private static Node heatCell(double accuracy, boolean diagonal) {
    Color fill = PixelImages.diverging(1 - 2 * accuracy);
    Label text = new Label(String.format(Locale.ROOT, "%.1f %%", 100 * accuracy));
    text.setTextFill(Color.BLACK);
    StackPane cell = new StackPane(text);
    cell.getStyleClass().add("transfer-cell");
    cell.setMinSize(88, 40);
    cell.setStyle(String.format(Locale.ROOT, "-fx-background-color: #%02x%02x%02x;%s", (int) (fill.getRed() * 255),
        (int) (fill.getGreen() * 255), (int) (fill.getBlue() * 255),
        diagonal ? " -fx-border-color: #333333; -fx-border-width: 2;" : ""));
    return cell;
  }

  /** Points of each series of the chart on screen (for tests). */
  public int[] chartPoints() {
    var data = chart.getChart().getXYPlot().getDataset();
    int[] points = new int[data.getSeriesCount()];
    for (int i = 0; i < points.length; i++) {
      points[i] = data.getItemCount(i);
    }
    return points;
  }
}
