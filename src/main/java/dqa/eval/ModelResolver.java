package dqa.eval;

import dqa.train.ModelLocator;
import java.nio.file.Path;

/** Turns what a user names as a model into the folder holding {@code model.json} and its weights. */
@FunctionalInterface
public interface ModelResolver {
  /**
   * The model folder for {@code ref}.
   *
   * @throws dqa.run.UserException naming {@code ref} when there is no such model
   */
  Path resolve(String ref);

  /** Model folders, run folders, and names of models shipped in {@code shippedModels}. */
  static ModelResolver standard(Path shippedModels) {
    return ref -> ModelLocator.resolve(ref, shippedModels);
  }
}
