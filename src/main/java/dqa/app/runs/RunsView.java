package dqa.app.runs;

import dqa.app.common.Charts;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The Runs step: the workspace's runs, their manifests, a comparison chart; delete and re-run. */
public final class RunsView extends BorderPane {
  private final TableView<List<String>> settingsTable = new TableView<>();
  private final XYSeriesCollection compareLoss = new XYSeriesCollection();
  private final RunsViewModel model;
  private final XYSeriesCollection compare = new XYSeriesCollection();

  public RunsView(RunsViewModel model) {
    this.model = model;
    createView();
    model.refresh();
  }

  private TableView<RunsViewModel.Row> runsTable;

  private void createView() {
    setPadding(new Insets(16));
    Label title = new Label("Runs");
    title.getStyleClass().add("view-title");
    Label help = new Label("Every training run and sweep in the workspace with its manifest. Select several runs to compare their test accuracy per epoch.");

    TableView<RunsViewModel.Row> table = new TableView<>(model.rows());
    runsTable = table;
    table.setId("runs-table");
    table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    table.setEditable(true);
    table.getColumns().add(editable("Name", 200, r -> r.name() == null ? "" : r.name(), model::rename,
        "Double-click to name the run (blank: it goes by its folder's name); the model pickers and later sweeps show it"));
    table.getColumns().add(column("Run", 200, r -> r.id()));
    table.getColumns().add(column("Network", 170, r -> r.network()));
    table.getColumns().add(column("Data", 90, r -> r.dataset()));
    table.getColumns().add(column("Status", 170, r -> r.status()));
    table.getColumns().add(column("Epochs", 60, r -> Integer.toString(r.epochs())));
    table.getColumns().add(column("Test acc.", 80, r -> r.testAccuracy() == null ? "" : String.format(Locale.ROOT, "%.2f %%", 100 * r.testAccuracy())));
    table.getColumns().add(column("Time", 70, r -> String.format(Locale.ROOT, "%.0f s", r.seconds())));
    TableColumn<RunsViewModel.Row, String> robust = column("Robustness (newest sweep)", 230, model::robustnessOf);
    robust.setId("runs-robustness");
    table.getColumns().add(robust);
    table.getColumns().add(editable("Note", 220, r -> r.note() == null ? "" : r.note(), model::annotate,
        "Double-click to write a note about the run"));
    table.setPlaceholder(new Label("No runs yet: train one in the Train step."));
    table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<RunsViewModel.Row>) c -> {
      model.selected().setAll(table.getSelectionModel().getSelectedItems());
      drawComparison();
    });

    Button refresh = new Button("Refresh");
    refresh.setOnAction(e -> model.refresh());
    Button delete = new Button("Delete…");
    delete.setId("runs-delete");
    delete.setTooltip(new Tooltip("Delete the selected run folder (asks first)"));
    delete.setOnAction(e -> {
      var row = table.getSelectionModel().getSelectedItem();
      if (row != null) {
        model.delete(row);
      }
    });
    Button rerun = new Button("Re-run");
    rerun.setId("runs-rerun");
    rerun.setTooltip(new Tooltip("Train again from the selected run's recipe and seed into a new run folder"));
    rerun.setOnAction(e -> {
      var row = table.getSelectionModel().getSelectedItem();
      if (row != null) {
        model.rerun(row);
      }
    });
    Button resume = new Button("Resume");
    resume.setId("runs-resume");
    resume.setTooltip(new Tooltip("Continue a cancelled or crashed run in its own folder from its last complete epoch"));
    resume.setOnAction(e -> {
      var row = table.getSelectionModel().getSelectedItem();
      if (RunsViewModel.resumable(row)) {
        model.resume(row);
      }
    });
    resume.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
        () -> !RunsViewModel.resumable(table.getSelectionModel().getSelectedItem()),
        table.getSelectionModel().selectedItemProperty()));
    delete.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
    rerun.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());

    TextArea details = new TextArea();
    details.setId("runs-details");
    details.setEditable(false);
    details.setStyle("-fx-font-family: monospace;");
    details.textProperty().bind(model.detailsProperty());
    JFreeChart chart = Charts.lineChart("Test accuracy per epoch", "Epoch", "Test accuracy (fraction)", compare, true);
    Charts.perEpoch(chart);
    var viewer = Charts.viewer(chart);
    JFreeChart lossChart = Charts.lineChart("Training loss per epoch", "Epoch", "Cross-entropy", compareLoss, true);
    Charts.perEpoch(lossChart);
    var lossViewer = Charts.viewer(lossChart);
    lossViewer.setId("runs-loss-chart");
    VBox curves = new VBox(6, viewer, lossViewer);
    VBox.setVgrow(viewer, javafx.scene.layout.Priority.ALWAYS);
    VBox.setVgrow(lossViewer, javafx.scene.layout.Priority.ALWAYS);

    settingsTable.setId("runs-settings");
    settingsTable.setPlaceholder(new Label("Select a run for its settings, or several: the fields where they differ."));
    settingsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    TabPane about = new TabPane(new Tab("Settings", settingsTable), new Tab("Manifest (JSON)", details));
    about.setId("runs-about");
    about.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    SplitPane lower = new SplitPane(curves, about);
    TabPane tabs = new TabPane(new Tab("Training runs", table), new Tab("Sweeps", sweeps()));
    tabs.setId("runs-tabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    SplitPane split = new SplitPane(tabs, lower);
    split.setOrientation(javafx.geometry.Orientation.VERTICAL);
    split.setDividerPositions(0.45);
    setTop(new VBox(8, title, help, new HBox(8, refresh, resume, rerun, delete)));
    BorderPane.setMargin(getTop(), new Insets(0, 0, 10, 0));
    setCenter(split);
  }

  /** The workspace's sweep files: coverage, progress, warnings; the selected one's manifest below. */
  private Node sweeps() {
    TableView<RunsViewModel.SweepRow> table = new TableView<>(model.sweeps());
    table.setId("sweeps-table");
    table.getColumns().add(RunsView.<RunsViewModel.SweepRow>column("Sweep", 200, r -> r.name()));
    table.getColumns().add(RunsView.<RunsViewModel.SweepRow>column("Status", 90, r -> r.status()));
    table.getColumns().add(RunsView.<RunsViewModel.SweepRow>column("Models", 220, r -> r.models()));
    table.getColumns().add(RunsView.<RunsViewModel.SweepRow>column("Attacks", 160, r -> r.attacks()));
    table.getColumns().add(RunsView.<RunsViewModel.SweepRow>column("Cells", 70, r -> r.cells() + "/" + r.totalCells()));
    table.getColumns().add(RunsView.<RunsViewModel.SweepRow>column("Warnings", 70, r -> Integer.toString(r.warnings())));
    table.getColumns().add(RunsView.<RunsViewModel.SweepRow>column("Time", 70, r -> String.format(Locale.ROOT, "%.0f s", r.seconds())));
    table.setPlaceholder(new Label("No sweeps yet: run one in the Robustness step."));
    table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> model.showSweep(row));
    Button refresh = new Button("Refresh");
    refresh.setOnAction(e -> model.refreshSweeps());
    Button delete = new Button("Delete sweep…");
    delete.setId("sweeps-delete");
    delete.setTooltip(new Tooltip("Delete the selected sweep file (asks first)"));
    delete.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
    delete.setOnAction(e -> model.deleteSweep(table.getSelectionModel().getSelectedItem()));
    Button open = new Button("Open as chart");
    open.setId("sweeps-open");
    open.setTooltip(new Tooltip("Show the selected sweep's accuracy-vs-ε chart and table in the Robustness step (or double-click it)"));
    open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
    open.setOnAction(e -> model.openSweep(table.getSelectionModel().getSelectedItem()));
    table.setOnMouseClicked(e -> {
      if (e.getClickCount() == 2 && table.getSelectionModel().getSelectedItem() != null) {
        model.openSweep(table.getSelectionModel().getSelectedItem());
      }
    });
    // The runs' robustness column reads the sweeps: redraw it when they are read again.
    model.sweeps().addListener((javafx.collections.ListChangeListener<RunsViewModel.SweepRow>) c -> runsTable.refresh());
    model.refreshSweeps();
    VBox box = new VBox(6, new HBox(8, refresh, open, delete), table);
    box.setPadding(new Insets(6, 0, 0, 0));
    VBox.setVgrow(table, javafx.scene.layout.Priority.ALWAYS);
    return box;
  }

  private void drawComparison() {
    compare.removeAllSeries();
    compareLoss.removeAllSeries();
    for (var row : model.selected()) {
      if (row.manifest() == null) {
        continue;
      }
      // Two runs may share a given name; the series key must not.
      String name = row.shownName() + " (" + row.network() + ")" + (compare.getSeriesIndex(row.shownName() + " ("
          + row.network() + ")") >= 0 ? " · " + row.id() : "");
      XYSeries accuracy = new XYSeries(name);
      XYSeries loss = new XYSeries(name);
      row.manifest().epochs().forEach(e -> {
        accuracy.add(e.epoch(), e.testAccuracy());
        loss.add(e.epoch(), e.trainLoss());
      });
      compare.addSeries(accuracy);
      compareLoss.addSeries(loss);
    }
    showSettings(RunsViewModel.compare(model.selected()));
  }

  private void showSettings(RunsViewModel.Comparison c) {
    settingsTable.getColumns().clear();
    settingsTable.getItems().clear();
    if (c.headers().size() < 2) {
      return;
    }
    for (int i = 0; i < c.headers().size(); i++) {
      int col = i;
      TableColumn<List<String>, String> column = new TableColumn<>(c.headers().get(i));
      column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().get(col)));
      column.setPrefWidth(i == 0 ? 200 : 160);
      settingsTable.getColumns().add(column);
    }
    settingsTable.getItems().setAll(c.rows());
    if (c.rows().isEmpty()) {
      settingsTable.setPlaceholder(new Label("These runs have the same settings and outcomes."));
    }
  }

  private static <R> TableColumn<R, String> column(
      String title, double width, java.util.function.Function<R, String> value) {
    TableColumn<R, String> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    c.setPrefWidth(width);
    return c;
  }

  /** A column edited in place; {@code save} writes the new text and refreshes the table. */
  /**
   * An editable text cell that shows a long or several-line value (a note written in the run
   * folder's label file) as its first line with "…", the whole of it in a tooltip.
   */
  static final class WholeTextCell extends javafx.scene.control.cell.TextFieldTableCell<RunsViewModel.Row, String> {
    WholeTextCell() {
      super(new javafx.util.converter.DefaultStringConverter());
    }

    @Override
    public void updateItem(String item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || item == null || isEditing()) {
        setTooltip(null);
        return;
      }
      String shown = RunsViewModel.shortened(item);
      setText(shown);
      setTooltip(shown.equals(item) ? null : new javafx.scene.control.Tooltip(item));
    }
  }

  private static TableColumn<RunsViewModel.Row, String> editable(String title, double width,
      java.util.function.Function<RunsViewModel.Row, String> value,
      java.util.function.BiPredicate<RunsViewModel.Row, String> save, String tip) {
    TableColumn<RunsViewModel.Row, String> c = column(title, width, value);
    c.setId("runs-" + title.toLowerCase(Locale.ROOT));
    c.setEditable(true);
    c.setCellFactory(col -> new WholeTextCell());
    c.setOnEditCommit(e -> {
      // Saving reads the runs again: keep the same runs selected (and so the details and the comparison).
      var table = e.getTableView();
      java.util.Set<java.nio.file.Path> chosen = new java.util.HashSet<>();
      table.getSelectionModel().getSelectedItems().forEach(r -> chosen.add(r.dir()));
      save.test(e.getRowValue(), e.getNewValue());
      for (int i = 0; i < table.getItems().size(); i++) {
        if (chosen.contains(table.getItems().get(i).dir())) {
          table.getSelectionModel().select(i);
        }
      }
    });
    Label header = new Label(title);
    header.setTooltip(new javafx.scene.control.Tooltip(tip));
    c.setGraphic(header);
    c.setText("");
    return c;
  }
}
