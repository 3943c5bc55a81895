package dqa.app.data;

import dqa.app.common.Charts;
import dqa.app.common.DemoLink;
import dqa.app.common.PixelImages;
import dqa.data.Dataset;
import dqa.data.LabeledImages;
import java.awt.Color;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** The Data step: where each data set was found, load/download/import, samples and class counts. */
public final class DataView extends BorderPane {
  private static final int SAMPLES = 40;
  private final DataViewModel model;
  private final java.util.function.Supplier<java.util.Optional<Path>> importChooser;
  private final Runnable startDemo;
  private final TilePane samples = new TilePane(6, 6);
  private final DefaultCategoryDataset counts = new DefaultCategoryDataset();

  public DataView(DataViewModel model, java.util.function.Supplier<java.util.Optional<Path>> importChooser) {
    this(model, importChooser, null);
  }

  /** With {@code startDemo}, the view offers the guided demo to a first-time user. */
  public DataView(DataViewModel model, java.util.function.Supplier<java.util.Optional<Path>> importChooser,
      Runnable startDemo) {
    this.model = model;
    this.importChooser = importChooser;
    this.startDemo = startDemo;
    createView();
    initListeners();
    model.refresh();
  }

  private void createView() {
    setPadding(new Insets(16));
    Label title = new Label("Data");
    title.getStyleClass().add("view-title");
    Label help = new Label("Pick the data set the other steps use. The bundled sample works offline; full sets are found on disk, downloaded, or imported.");
    help.setWrapText(true);

    TableView<DataViewModel.Row> table = new TableView<>(model.rows());
    table.setId("data-table");
    TableColumn<DataViewModel.Row, String> name = new TableColumn<>("Data set");
    name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
    name.setPrefWidth(150);
    TableColumn<DataViewModel.Row, String> where = new TableColumn<>("Found at");
    where.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().where()));
    where.setPrefWidth(520);
    table.getColumns().add(name);
    table.getColumns().add(where);
    table.setPrefHeight(130);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
      if (b != null) {
        model.selectedProperty().set(b);
      }
    });
    model.selectedProperty().addListener((o, a, b) -> {
      if (b != null && table.getSelectionModel().getSelectedItem() != b) {
        table.getSelectionModel().select(b);
      }
    });

    Button load = new Button("Load");
    load.setId("data-load");
    load.setDefaultButton(true);
    load.setTooltip(new Tooltip("Read the selected data set into memory for training and attacks (Ctrl+L)"));
    load.setOnAction(e -> model.loadSelected());
    Button download = new Button("Download");
    download.setId("data-download");
    download.setTooltip(new Tooltip("Fetch the full data set into ~/.dqa-workbench/datasets (needs internet; resumable, verified by SHA-256)"));
    download.setOnAction(e -> model.downloadSelected());
    Button importButton = new Button("Import…");
    importButton.setId("data-import");
    importButton.setTooltip(new Tooltip("Copy a data set from a folder or a .tar.gz archive into the cache"));
    importButton.setOnAction(e -> importChooser.get().ifPresent(model::importSelected));
    Button refresh = new Button("Look again");
    refresh.setTooltip(new Tooltip("Search the data folders again"));
    refresh.setOnAction(e -> model.refresh());
    for (Button b : new Button[] {load, download, importButton}) {
      b.disableProperty().bind(model.busyProperty().or(model.selectedProperty().isNull()));
    }
    load.disableProperty().unbind();
    load.disableProperty().bind(model.busyProperty().or(Bindings.createBooleanBinding(
        () -> model.selectedProperty().get() == null || !model.selectedProperty().get().found(), model.selectedProperty())));
    HBox actions = new HBox(8, load, download, importButton, refresh);
    actions.setAlignment(Pos.CENTER_LEFT);

    Label summary = new Label();
    summary.setId("data-summary");
    summary.setWrapText(true);
    summary.textProperty().bind(model.summaryProperty());

    samples.setId("data-samples");
    samples.setPrefColumns(10);
    ScrollPane sampleScroll = new ScrollPane(samples);
    sampleScroll.setFitToWidth(true);
    sampleScroll.setPrefHeight(330);

    JFreeChart chart =
        ChartFactory.createBarChart(
            "Images per class", "Class", "Images", counts, PlotOrientation.HORIZONTAL, true, true, false);
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setSeriesPaint(0, new Color(0x1f77b4));
    renderer.setSeriesPaint(1, new Color(0xff7f0e));
    var chartViewer = Charts.viewer(chart);
    chartViewer.setPrefSize(420, 330);
    chartViewer.setMinWidth(380);

    HBox lower = new HBox(12, titled("Samples (first test images, true label)", sampleScroll), titled("Class balance", chartViewer));
    HBox.setHgrow(lower.getChildren().get(0), Priority.ALWAYS);
    VBox top = new VBox(10, title, help);
    if (startDemo != null) {
      top.getChildren().add(DemoLink.of("data-demo", startDemo));
    }
    top.getChildren().addAll(table, actions, summary);
    setTop(top);
    setCenter(lower);
    BorderPane.setMargin(lower, new Insets(12, 0, 0, 0));
  }

  private static VBox titled(String text, javafx.scene.Node node) {
    Label l = new Label(text);
    l.getStyleClass().add("section-title");
    VBox box = new VBox(6, l, node);
    VBox.setVgrow(node, Priority.ALWAYS);
    return box;
  }

  private void initListeners() {
    model.state().datasetProperty().addListener((o, a, d) -> show(d));
    show(model.state().datasetProperty().get());
  }

  private void show(Dataset d) {
    samples.getChildren().clear();
    counts.clear();
    if (d == null) {
      return;
    }
    LabeledImages test = d.test();
    int n = Math.min(SAMPLES, test.count());
    // Colour images need more room to be recognised than digits do.
    int scale = test.channels() == 1 ? 2 : 3;
    for (int i = 0; i < n; i++) {
      ImageView view = new ImageView(PixelImages.image(test.pixels(), i, test.channels(), test.height(), test.width(), scale));
      String label = d.id().classNames().get(test.label(i));
      Label caption = new Label(label);
      caption.setMaxWidth(test.width() * scale + 8);
      VBox tile = new VBox(2, view, caption);
      tile.setAlignment(Pos.CENTER);
      tile.getStyleClass().add("sample-tile");
      samples.getChildren().add(tile);
    }
    int[] train = d.train().classCounts(d.id().numClasses());
    int[] tst = d.test().classCounts(d.id().numClasses());
    for (int c = 0; c < train.length; c++) {
      String cls = d.id().classNames().get(c);
      counts.addValue(train[c], "train", cls);
      counts.addValue(tst[c], "test", cls);
    }
  }
}
