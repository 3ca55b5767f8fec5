import { isGradientDescentToHost } from '../shared/protocol/gradientDescent';
import { LearnerPanel, learnerPanelType } from './learnerPanel';
import type { PanelView } from './panelHost';
import { l10n } from '../course/language';

/**
 * Gradient descent (the exercises whose exercise.json declares the panel, with its view: 1d, 2d,
 * neuron, train): the page runs the learner's descent, update rules, gradients or training loop in
 * its grader worker and draws the paths and loss curves.
 */
export class GradientDescentPanel extends LearnerPanel {
  static readonly type = learnerPanelType(
    'gradientDescent',
    {
      viewType: 'dlCourse.gradientDescent',
      title: () => l10n.t('DL Course: Gradient Descent'),
      script: 'gradientDescent',
      isMessage: isGradientDescentToHost,
    },
    (view, exerciseId) => new GradientDescentPanel(view, exerciseId),
  );

  private constructor(view: PanelView, exerciseId: string) {
    super(view, 'gradientDescent', exerciseId);
  }
}
