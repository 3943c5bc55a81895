package dqa.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dqa.data.LabeledImages;
import dqa.nn.GradientMode;
import dqa.run.UserException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link AttackSettings#settingsOf} against {@link AttackSettings#create}: a setting is listed exactly
 * when giving it another value builds another attack. A form that hides fields by the table can then
 * never hide one that matters, nor show one that is ignored.
 */
class AttackSettingsUsesTest {
  private static final LabeledImages HELD_OUT = new LabeledImages(2, 1, 28, 28, new byte[2 * 28 * 28], new byte[2]);

  private static String built(AttackSettings s) {
    try {
      return s.create("mnist", HELD_OUT).describe();
    } catch (UserException refused) {
      return null; // refused outright (cw takes no ε): the attack does not use that setting
    }
  }

  private static AttackSettings with(AttackSettings b, AttackSettings.Setting setting) {
    return with(b, setting, AttackLoss.MARGIN);
  }

  private static AttackSettings with(AttackSettings b, AttackSettings.Setting setting, AttackLoss otherLoss) {
    return switch (setting) {
      case EPS -> new AttackSettings(b.name(), 0.123, b.step(), b.steps(), b.restarts(), b.randomStart(), b.loss(),
          b.gradient(), b.queries());
      case STEP -> new AttackSettings(b.name(), b.eps(), 0.0123, b.steps(), b.restarts(), b.randomStart(), b.loss(),
          b.gradient(), b.queries());
      case STEPS -> new AttackSettings(b.name(), b.eps(), b.step(), 7, b.restarts(), b.randomStart(), b.loss(),
          b.gradient(), b.queries());
      case RESTARTS -> new AttackSettings(b.name(), b.eps(), b.step(), b.steps(), 3, b.randomStart(), b.loss(),
          b.gradient(), b.queries());
      case LOSS -> new AttackSettings(b.name(), b.eps(), b.step(), b.steps(), b.restarts(), b.randomStart(),
          otherLoss, b.gradient(), b.queries());
      case GRADIENT -> new AttackSettings(b.name(), b.eps(), b.step(), b.steps(), b.restarts(), b.randomStart(), b.loss(),
          GradientMode.exact(), b.queries());
      case QUERIES -> new AttackSettings(b.name(), b.eps(), b.step(), b.steps(), b.restarts(), b.randomStart(), b.loss(),
          b.gradient(), 1234);
    };
  }

  @Test
  void everyAttackListsExactlyTheSettingsItsConstructionReads() {
    for (String name : AttackSettings.NAMES) {
      AttackSettings base = AttackSettings.named(name);
      String plain = built(base);
      Set<AttackSettings.Setting> used = EnumSet.noneOf(AttackSettings.Setting.class);
      for (AttackSettings.Setting s : AttackSettings.Setting.values()) {
        String changed = built(with(base, s));
        if (changed == null && s == AttackSettings.Setting.LOSS) {
          changed = built(with(base, s, AttackLoss.DLR)); // APGD takes ce or dlr, not the margin
        }
        if (changed != null && !changed.equals(plain)) {
          used.add(s);
        }
      }
      assertEquals(used, AttackSettings.settingsOf(name), name + ": " + plain);
    }
  }
}
