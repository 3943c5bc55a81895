package dqa.app;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The first screen: engine, device, versions and where each data set was found. */
public final class StartView extends VBox {
  private final StartViewModel model;

  private final Runnable startDemo;

  public StartView(StartViewModel model) {
    this(model, null);
  }

  /** With {@code startDemo}, the page offers the guided demo. */
  public StartView(StartViewModel model, Runnable startDemo) {
    this.model = model;
    this.startDemo = startDemo;
    createView();
  }

  private void createView() {
    setSpacing(12);
    setPadding(new Insets(20));
    Label title = new Label("DQA Workbench");
    title.setStyle("-fx-font-size: 1.7em; -fx-font-weight: bold;");
    Label subtitle = new Label("Do quantized activation functions defend a network against adversarial examples?");
    Label status = new Label();
    status.setId("engine-status");
    status.textProperty().bind(model.statusProperty());

    GridPane versions = new GridPane();
    versions.setHgap(12);
    versions.setVgap(4);
    String[] keys = {"Device", "PyTorch", "DJL", "Java", "OS", "Source commit"};
    for (int i = 0; i < keys.length; i++) {
      Label value = new Label("…");
      value.setId("engine-" + keys[i].toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
      int index = i;
      value.textProperty().bind(Bindings.createStringBinding(() -> {
        var s = model.engineProperty().get();
        if (s == null) {
          return "…";
        }
        var p = s.provenance();
        return switch (index) {
          case 0 -> s.device();
          case 1 -> p.pytorchVersion();
          case 2 -> p.djlVersion();
          case 3 -> p.java();
          case 4 -> p.os();
          default -> p.gitCommit() == null ? "unknown" : p.gitCommit();
        };
      }, model.engineProperty()));
      versions.addRow(i, new Label(keys[i] + ":"), value);
    }

    TableView<EngineStatus.DataRow> table = new TableView<>(model.datasets());
    table.setId("datasets-table");
    TableColumn<EngineStatus.DataRow, String> id = new TableColumn<>("Data set");
    id.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().id()));
    id.setPrefWidth(140);
    TableColumn<EngineStatus.DataRow, String> where = new TableColumn<>("Found at");
    where.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().where()));
    where.setPrefWidth(520);
    table.getColumns().add(id);
    table.getColumns().add(where);
    table.setPlaceholder(new Label("Looking for data sets…"));
    VBox.setVgrow(table, Priority.ALWAYS);

    getChildren().addAll(title, subtitle);
    if (startDemo != null) {
      getChildren().add(dqa.app.common.DemoLink.of("home-demo", startDemo));
    }
    getChildren().addAll(status, versions, new Label("Data sets"), table);
  }
}
