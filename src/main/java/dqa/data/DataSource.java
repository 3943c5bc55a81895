package dqa.data;

/** Where a data set copy was found, in the order the locator searches. */
public enum DataSource {
  /** A folder the user named ({@code --data-dir} or {@code DQA_DATA_DIR}). */
  DATA_DIR("data folder"),
  /** The user's cache, where downloads and imports are installed. */
  USER_CACHE("cache"),
  /** A system-wide folder such as {@code /usr/share/datasets} (Debian's dataset packages). */
  SYSTEM("system folder"),
  /** The small subset shipped with the product, so it works offline on first start. */
  BUNDLED_SAMPLE("bundled sample");

  private final String label;

  DataSource(String label) {
    this.label = label;
  }

  /** A short lower-case label for people, e.g. "bundled sample". */
  public String label() {
    return label;
  }
}
