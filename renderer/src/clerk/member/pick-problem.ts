import type { MemberPickProblem } from '../../../../main/contract';

/** The locale key of the sentence for a pick that found nobody. */
export function pickProblemKey(problem: MemberPickProblem): string {
  return `clerkBooklets.pick.problem.${problem}`;
}
